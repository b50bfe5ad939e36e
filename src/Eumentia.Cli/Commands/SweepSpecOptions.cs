using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using System.CommandLine;
using Eumentia.Sweeps;

namespace Eumentia.Cli.Commands;

/// <summary>The options that say which runs a sweep has (spec file, kind, --set, --grid) and where it lives.</summary>
public sealed class SweepSpecOptions
{
    public readonly Argument<string?> Spec = new("spec") { Description = "Sweep spec (YAML): kind, fixed, grid, zip, configs, seeds.", Arity = ArgumentArity.ZeroOrOne };
    public readonly Option<string?> Kind = new("--kind") { Description = "Run kind (overrides the spec's 'kind'), e.g. train." };
    public readonly Option<string[]> Set = new("--set") { Description = "key=value for every run (repeatable; lists as [a,b])." };
    public readonly Option<string[]> Grid = new("--grid") { Description = "key=v1,v2,... adds a grid axis (repeatable)." };
    public readonly Option<string?> Dir = new("--dir") { Description = "Sweep directory (default runs/<spec name or file name>)." };
    public readonly Option<bool> Force = new("--force") { Description = "Use a sweep directory written by an incompatible format version." };
    public readonly Option<int?> MaxAttempts = new("--max-attempts") { Description = $"Failed attempts per run before it counts as failed (default {SweepDirectory.DefaultMaxAttempts}; kept in sweep.json)." };
    public readonly Option<int?> MaxLost = new("--max-lost") { Description = "Attempts a run may lose to killed or vanished workers before it counts as failed (default: no limit; kept in sweep.json)." };

    public readonly Option<string?> SaveWeights = new("--save-weights") { Description = "final or none: shorthand for --set save_weights=... (train runs)." };

    public void AddTo(Command command)
    {
        command.Add(Spec);
        SaveWeights.AcceptOnlyFromAmong("final", "none");
        foreach (var o in new Option[] { Kind, Set, Grid, Dir, Force, MaxAttempts, MaxLost, SaveWeights }) command.Add(o);
    }

    /// <summary>
    /// Parses the spec, expands it, opens (or creates) the directory and registers new runs; or, given only --dir
    /// of an existing sweep, opens it as planned.
    /// </summary>
    public (SweepDirectory Sweep, int Planned, int Added) Prepare(ParseResult parse)
    {
        RunKindCatalog.RegisterAll();
        string? file = parse.GetValue(Spec);
        string? kind = parse.GetValue(Kind);
        // A directory that already holds a planned sweep (a study's `--plan-only`, an earlier `sweep run`) is
        // complete as it is: with nothing to add, run or submit its registered runs, of its own kind.
        bool addsNothing = file is null && (parse.GetValue(Set) ?? []).Length == 0 && (parse.GetValue(Grid) ?? []).Length == 0 && parse.GetValue(SaveWeights) is null;
        if (addsNothing && parse.GetValue(Dir) is { } planned && File.Exists(Path.Combine(planned, SweepDirectory.ManifestFile)))
        {
            var existing = SweepDirectory.Open(planned, parse.GetValue(Force));
            if (kind is not null && kind != existing.Kind.Name)
                throw new UsageException($"--kind {kind}: the sweep directory {existing.Root} holds runs of kind '{existing.Kind.Name}'");
            var reopened = Limits(parse) is var (attempts, lost) && (attempts is not null || lost is not null)
                ? SweepDirectory.OpenOrCreate(planned, existing.Kind, parse.GetValue(Force), attempts, lost) : existing;
            return (reopened, reopened.RunKeys().Count(), 0);
        }
        SweepSpec spec = file is not null ? SpecParser.ParseFile(file, kind)
            : kind is not null ? new SweepSpec(RunKinds.Get(kind))
            : throw new UsageException("give a spec file or --kind (with --set/--grid)");
        foreach (var s in parse.GetValue(Set) ?? []) spec.Set(s);
        foreach (var g in parse.GetValue(Grid) ?? []) spec.AddGrid(g);
        if (parse.GetValue(SaveWeights) is { } weights) spec.Set($"save_weights={weights}");
        var runs = spec.Expand();

        string dir = parse.GetValue(Dir) ?? Path.Combine("runs", spec.Name ?? (file is not null ? Path.GetFileNameWithoutExtension(file) : spec.Kind.Name));
        var (maxAttempts, maxLost) = Limits(parse);
        var sweep = SweepDirectory.OpenOrCreate(dir, spec.Kind, parse.GetValue(Force), maxAttempts, maxLost);
        int added = sweep.Register(runs);
        return (sweep, runs.Count, added);
    }

    (int? MaxAttempts, int? MaxLost) Limits(ParseResult parse)
    {
        int? maxAttempts = parse.GetValue(MaxAttempts);
        if (maxAttempts is < 1) throw new UsageException($"--max-attempts {maxAttempts} must be at least 1");
        int? maxLost = parse.GetValue(MaxLost);
        if (maxLost is < 0) throw new UsageException($"--max-lost {maxLost} must be at least 0");
        return (maxAttempts, maxLost);
    }

    public static Option<string> HeartbeatTimeout() =>
        new("--heartbeat-timeout") { Description = "Take over a claim from another host after this long without a heartbeat.", DefaultValueFactory = _ => "5m" };
}
