using System.Diagnostics;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The whole subset-learning study: the match-probability experiment on every network and allocation,
/// a longer second search of a sample of its disagreements with theory, the MNIST case, the analysis, and
/// the tables and report.html in the output directory. Matching draws and MNIST trainings are appended
/// to ledgers in <c>ledger/</c> as they finish, so a rerun of a killed study into the same directory
/// resumes, and ends with the numbers an uninterrupted run gives.
/// </summary>
public static class SubsetStudy
{
    public static SubsetResults Run(SubsetSpec spec, string directory, Action<int, int, string>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        // About fifty progress reports in all: plain log lines in CI stay readable.
        var matching = MatchStudy.Run(spec, (done, total) =>
        {
            if (done == total || done % Math.Max(1, total / 50) == 0)
                progress?.Invoke(done, total, $"matching: {done}/{total} (network, allocation, draw) jobs");
        }, cancel, Path.Combine(directory, "ledger", MatchStudy.LedgerName(spec)));
        progress?.Invoke(0, 1, "rechecking full-rank failures with a longer search");
        var rechecks = Recheck.Run(spec, matching, spec.Rechecks, cancel);
        MnistSubsetResult? mnist = null;
        if (spec.Mnist is not null)
            mnist = MnistSubsetStudy.Run(spec.Mnist, spec.Seed, (done, total) => progress?.Invoke(done, total, $"MNIST: {done}/{total} trainings"), cancel,
                Path.Combine(directory, "ledger", MnistSubsetStudy.LedgerName(spec.Mnist, spec.Seed)));
        var results = SubsetOutputs.Analyse(spec, matching, rechecks, mnist, clock.Elapsed.TotalSeconds);
        SubsetOutputs.Write(results, directory);
        SubsetReport.Write(results, directory);
        return results;
    }
}
