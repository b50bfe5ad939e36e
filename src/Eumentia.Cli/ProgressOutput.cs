using Spectre.Console;

namespace Eumentia.Cli;

/// <summary>
/// Progress for people: a live Spectre.Console bar on an interactive terminal, plain log lines when output
/// is redirected or CI=true (so logs stay readable in files and CI).
/// </summary>
public static class ProgressOutput
{
    public static bool Interactive(TextWriter stdout) =>
        stdout == Console.Out && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is not ("true" or "1");

    /// <summary>Runs <paramref name="work"/>, which reports (done, total, message) as it goes.</summary>
    public static T Run<T>(TextWriter stdout, string title, Func<Action<int, int, string>, T> work)
    {
        if (!Interactive(stdout))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            return work((done, total, message) => stdout.WriteLine(Line(DateTime.Now, title, done, total, clock.Elapsed, message)));
        }
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title));
                result = work((done, total, message) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = done;
                    task.Description = Markup.Escape($"{title}: {message}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>
    /// A redirected progress line: "[12:03:04] criticality (quick): 12/40 (30 %), 1m05s elapsed, ETA 2m32s: message".
    /// The ETA extrapolates the mean time per finished step; none before the first step or when the total is unknown.
    /// </summary>
    public static string Line(DateTime now, string title, int done, int total, TimeSpan elapsed, string message)
    {
        if (total <= 0) return $"[{now:HH:mm:ss}] {title}: {message}";
        string eta = done > 0 && done < total ? $", ETA {Eumentia.Sweeps.Workers.ProgressCounts.Format(elapsed * ((total - done) / (double)done))}" : "";
        return $"[{now:HH:mm:ss}] {title}: {done}/{total} ({100.0 * done / total:F0} %), {Eumentia.Sweeps.Workers.ProgressCounts.Format(elapsed)} elapsed{eta}: {message}";
    }
}
