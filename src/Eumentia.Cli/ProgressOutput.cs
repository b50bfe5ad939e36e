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
            return work((done, total, message) => stdout.WriteLine($"[{DateTime.Now:HH:mm:ss}] {title}: {message}"));
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
}
