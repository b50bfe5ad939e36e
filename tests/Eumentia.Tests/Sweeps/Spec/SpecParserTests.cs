using Eumentia.Sweeps.Spec;

namespace Eumentia.Tests.Sweeps.Spec;

public class SpecParserTests
{
    static SpecParserTests() => ToyKind.Register();

    static IReadOnlyList<ToyConfig> Expand(string yaml, Action<SweepSpec>? change = null)
    {
        var spec = SpecParser.Parse(yaml, "spec.yaml");
        change?.Invoke(spec);
        return spec.Expand().Select(r => (ToyConfig)r.Config).ToList();
    }

    static string Error(string yaml, Action<SweepSpec>? change = null) =>
        Assert.Throws<UsageException>(() => Expand(yaml, change)).Message;

    [Fact]
    public void GridIsACartesianProductWithFixedValuesAndSeeds()
    {
        var runs = Expand("""
            kind: toy
            fixed: { data: mnist, p_eval: [0.0, 0.5] }
            grid:
              width: [8, 16, 32]
              dropout: [0.0, 0.5]
            seeds: 2
            """);
        Assert.Equal(12, runs.Count);
        Assert.All(runs, r => Assert.Equal("mnist", r.Data));
        Assert.All(runs, r => Assert.Equal([0.0, 0.5], r.PEval));
        Assert.Equal(12, runs.Select(r => (r.Width, r.Dropout, r.Seed)).Distinct().Count());
        // First axis slowest, seeds fastest.
        Assert.Equal((8, 0.0, 0), (runs[0].Width, runs[0].Dropout, runs[0].Seed));
        Assert.Equal((8, 0.0, 1), (runs[1].Width, runs[1].Dropout, runs[1].Seed));
        Assert.Equal((32, 0.5, 1), (runs[11].Width, runs[11].Dropout, runs[11].Seed));
    }

    [Fact]
    public void ZipStepsInLockStepAndConfigsAreOneAxis()
    {
        var runs = Expand("""
            kind: toy
            zip:
              width: [8, 16, 32]
              learning_rate: [0.3, 0.2, 0.1]
            configs:
              - { mode: prune }
              - { mode: mc, dropout: 0.25 }
            seeds: [5]
            """);
        Assert.Equal(6, runs.Count);
        Assert.Equal([(8, 0.3f), (8, 0.3f), (16, 0.2f), (16, 0.2f), (32, 0.1f), (32, 0.1f)], runs.Select(r => (r.Width, r.LearningRate)));
        Assert.Equal([ToyMode.Prune, ToyMode.Mc], runs.Take(2).Select(r => r.Mode));
        Assert.Equal([0.0, 0.25], runs.Take(2).Select(r => r.Dropout));
        Assert.All(runs, r => Assert.Equal(5, r.Seed));
    }

    [Fact]
    public void ZipListsOfUnequalLengthAreAnError()
    {
        string e = Error("kind: toy\nzip:\n  width: [8, 16]\n  dropout: [0.1]\n");
        Assert.Contains("spec.yaml:4:3", e);
        Assert.Contains("'width' has 2, 'dropout' has 1", e);
    }

    [Fact]
    public void UnknownKeysNameTheLineAndSuggestTheClosestKey()
    {
        string e = Error("kind: toy\ngrid:\n  widht: [8, 16]\n");
        Assert.Equal("spec.yaml:3:3: unknown key 'widht' for run kind 'toy' (did you mean 'width'?)", e);
        Assert.Equal("spec.yaml:2:1: unknown key 'gird' (did you mean 'grid'?)", Error("kind: toy\ngird:\n  width: [8]\n"));
        Assert.Contains("(did you mean 'toy'?)", Error("kind: tyo\n"));
        Assert.Contains("config values go under 'fixed:'", Error("kind: toy\nwidth: 3\n"));
    }

    [Fact]
    public void WrongTypesNameKeyAndLine()
    {
        Assert.Equal("spec.yaml:3:10: 'width' expects an integer, got 'wide'", Error("kind: toy\nfixed:\n  width: wide\n"));
        Assert.Equal("spec.yaml:2:24: 'width' expects an integer, got '2.5'", Error("kind: toy\ngrid: { width: [8, 16, 2.5] }\n"));
        Assert.Contains("spec.yaml:2:17: 'p_eval' expects a list of numbers, got a value", Error("kind: toy\nfixed: {p_eval: 0.5}\n"));
        Assert.Contains("'mode' expects one of mc, mc_noscale, prune, got 'dropout'", Error("kind: toy\nfixed: {mode: dropout}\n"));
        Assert.Contains("spec.yaml:2:15: grid axis 'width' needs a list of values", Error("kind: toy\ngrid: {width: 8}\n"));
    }

    [Fact]
    public void OutOfRangeValuesNameKeyAndLine()
    {
        Assert.Equal("spec.yaml:4:24: 'dropout' must be in [0, 1) (got 1)", Error("kind: toy\nfixed:\n  width: 8\ngrid: { dropout: [0.5, 1.0] }\n"));
        Assert.Equal("spec.yaml:3:10: 'width' must be positive (got -4)", Error("kind: toy\nfixed:\n  width: -4\n"));
        Assert.Equal("--set dropout=-0.1: 'dropout' must be in [0, 1) (got -0.1)", Error("kind: toy\n", s => s.Set("dropout=-0.1")));
    }

    [Fact]
    public void AKeyGivenTwiceIsAnError()
    {
        string e = Error("kind: toy\nfixed: { width: 8 }\ngrid: { width: [8, 16] }\n");
        Assert.Contains("spec.yaml:3:9: 'width' is given twice (also in fixed at spec.yaml:2:10)", e);
        Assert.Contains("'seeds' conflicts with 'seed'", Error("kind: toy\nfixed: { seed: 1 }\nseeds: 2\n"));
    }

    [Fact]
    public void SyntaxErrorsNameTheLine()
    {
        Assert.StartsWith("spec.yaml:4:1: While parsing a flow sequence", Error("kind: toy\ngrid:\n  width: [8, 16\n"));
    }

    [Fact]
    public void CommandLineOverridesReplaceWhatTheSpecSays()
    {
        const string yaml = "kind: toy\nfixed: { width: 8 }\ngrid: { dropout: [0.1, 0.2] }\n";
        var set = Expand(yaml, s => s.Set("dropout=0.3"));
        Assert.Equal((8, 0.3), (set.Single().Width, set.Single().Dropout));

        var grid = Expand(yaml, s => { s.AddGrid("width=4,5,6"); s.Set("p_eval=[0.1,0.2]"); });
        Assert.Equal(6, grid.Count);
        Assert.Equal([4, 4, 5, 5, 6, 6], grid.Select(r => r.Width).Order());
        Assert.All(grid, r => Assert.Equal([0.1, 0.2], r.PEval));

        var lists = Expand("kind: toy\n", s => s.AddGrid("p_eval=[0.1],[0.2,0.3]"));
        Assert.Equal([[0.1], [0.2, 0.3]], lists.Select(r => r.PEval));

        Assert.Contains("--grid widht=1,2: unknown key 'widht' for run kind 'toy' (did you mean 'width'?)", Error("kind: toy\n", s => s.AddGrid("widht=1,2")));
        Assert.Contains("--set width=x: 'width' expects an integer, got 'x'", Error("kind: toy\n", s => s.Set("width=x")));
    }

    [Fact]
    public void DuplicateRunsAreDroppedKeepingOrder()
    {
        var spec = SpecParser.Parse("kind: toy\nconfigs: [ {width: 8}, {width: 16}, {width: 8} ]\n", "spec.yaml");
        Assert.Equal([8, 16], spec.Expand().Select(r => ((ToyConfig)r.Config).Width));
    }

    [Fact]
    public void TheTrainKindsStringValidatorMapsMessagesToKeys()
    {
        var errors = ConfigValidation.Errors(new Eumentia.Training.TrainConfig { PTrain = 1.5, Width = 0 });
        Assert.Contains(errors, e => e.Key == "p_train" && e.Message.Contains("outside [0, 1)"));
        Assert.Contains(errors, e => e.Key == "width");
    }
}
