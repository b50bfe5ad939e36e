using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>How a front end shows a study running (the CLI: a progress bar, or log lines when redirected).</summary>
public interface IStudyProgress
{
    /// <summary>Runs one pass of the workers (<paramref name="work"/>, given the observer to report to) while showing it.</summary>
    /// <param name="title">"phases (stage: training, 4 workers)".</param>
    /// <param name="before">The ledger's state before the pass.</param>
    void RunPass(string title, SweepSummary before, Action<ISweepObserver> work);
}
