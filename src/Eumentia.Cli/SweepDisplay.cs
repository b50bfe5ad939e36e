using Eumentia.Sweeps.Workers;
using System.Collections.Concurrent;
using Spectre.Console;

namespace Eumentia.Cli;

/// <summary>
/// What a person sees while a sweep runs: one live Spectre.Console progress bar (done, failed, running, ETA)
/// on a terminal, with failures printed above it as they happen; plain log lines (each finished or failed run,
/// and a summary every few seconds) when output is redirected or CI=true.
/// </summary>
public sealed class SweepDisplay(TextWriter stdout, TextWriter stderr, SweepProgress progress) : ISweepObserver
{
    static readonly TimeSpan PlainSummaryEvery = TimeSpan.FromSeconds(10);
    readonly ConcurrentQueue<(string Line, bool Error)> notes = new();
    readonly bool interactive = ProgressOutput.Interactive(stdout);
    readonly Lock writeGate = new();

    public void OnEvent(SweepEvent e)
    {
        progress.OnEvent(e);
        bool error = e.Type == SweepEventType.Failed;
        bool worthALine = e.Type is SweepEventType.Failed or SweepEventType.Recovered or SweepEventType.Cancelled
                          || (!interactive && e.Type == SweepEventType.Done);
        if (!worthALine) return;
        string line = $"[{DateTime.Now:HH:mm:ss}] {e.Describe()}";
        if (interactive) notes.Enqueue((line, error));
        else lock (writeGate) (error ? stderr : stdout).WriteLine(line);
    }

    /// <summary>Runs <paramref name="work"/> on a background thread while showing progress on this one.</summary>
    public T Run<T>(string title, Func<T> work)
    {
        var task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        if (interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var bar = ctx.AddTask(Markup.Escape(title));
                    while (true)
                    {
                        bool finished = task.Wait(200);
                        while (notes.TryDequeue(out var note))
                            AnsiConsole.MarkupLine(note.Error ? $"[red]{Markup.Escape(note.Line)}[/]" : Markup.Escape(note.Line));
                        var counts = progress.Snapshot();
                        bar.MaxValue = Math.Max(1, counts.Total);
                        bar.Value = counts.Done + counts.Failed;
                        bar.Description = Markup.Escape($"{title}: {counts}");
                        if (finished) break;
                    }
                });
        }
        else
        {
            var last = DateTime.UtcNow;
            while (!task.Wait(250))
            {
                if (DateTime.UtcNow - last < PlainSummaryEvery) continue;
                last = DateTime.UtcNow;
                lock (writeGate) stdout.WriteLine($"[{DateTime.Now:HH:mm:ss}] {title}: {progress.Snapshot()}");
            }
        }
        return task.GetAwaiter().GetResult();
    }
}

/// <summary>Plain event lines for a worker's log (a Slurm task's output file), or machine-readable ones for a parent process.</summary>
public sealed class WorkerLog(TextWriter stdout, bool events) : ISweepObserver
{
    readonly Lock gate = new();

    public void OnEvent(SweepEvent e)
    {
        lock (gate)
        {
            stdout.WriteLine(events ? e.ToLine() : $"[{DateTime.Now:HH:mm:ss}] {e.Describe()}");
            stdout.Flush();
        }
    }
}
