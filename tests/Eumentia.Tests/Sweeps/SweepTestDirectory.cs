using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;

namespace Eumentia.Tests.Sweeps;

/// <summary>A fresh sweep directory of toy runs under the temp folder, deleted afterwards.</summary>
public sealed class SweepTestDirectory : IDisposable
{
    static SweepTestDirectory() => ToyKind.Register();

    public SweepTestDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "eumentia-sweeps-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path_(string relative) => Path.Combine(Root, relative);

    /// <summary>A sweep directory holding the runs of a YAML spec (kind toy).</summary>
    public SweepDirectory Create(string yaml, int? maxAttempts = null, string name = "sweep")
    {
        var spec = SpecParser.Parse(yaml, "spec.yaml");
        var sweep = SweepDirectory.OpenOrCreate(Path.Combine(Root, name), ToyKind.Kind, force: false, maxAttempts);
        sweep.Register(spec.Expand());
        return sweep;
    }

    /// <summary>How often each run's executor ran (lines in its executions.log).</summary>
    public static Dictionary<string, int> Executions(SweepDirectory sweep) =>
        sweep.RunKeys().ToDictionary(k => k, k =>
        {
            string log = Path.Combine(sweep.RunDir(k), "executions.log");
            return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
        });

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Collects worker events for assertions.</summary>
public sealed class EventLog : ISweepObserver
{
    readonly List<SweepEvent> events = [];

    public void OnEvent(SweepEvent e)
    {
        lock (events) events.Add(e);
    }

    public IReadOnlyList<SweepEvent> Events
    {
        get { lock (events) return events.ToList(); }
    }
}
