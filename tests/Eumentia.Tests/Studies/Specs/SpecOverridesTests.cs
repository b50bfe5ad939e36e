using Eumentia.IO;
using Eumentia.Studies.Criticality;
using Eumentia.Studies.Lottery;
using Eumentia.Studies.Specs;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Specs;

/// <summary>Setting spec fields from text, as --set, --grid and the generated options do.</summary>
public class SpecOverridesTests
{
    static T Apply<T>(T spec, params SpecOverride[] overrides) where T : class => (T)SpecOverrides.Apply(typeof(T), spec, overrides);

    [Fact]
    public void SetsScalarsListsAndNestedFieldsAndLeavesTheRestAlone()
    {
        var quick = LotteryPresets.Get("quick");
        var spec = Apply(quick, SpecOverride.Parse("seeds=3", "--set"), SpecOverride.Parse("data=nlgp,fashion-mnist", "--grid", listOnly: true),
            new SpecOverride("learning-rate", "0.125", "--learning-rate"), SpecOverride.Parse("seed=18446744073709551615", "--set"));
        Assert.Equal(3, spec.Seeds);
        Assert.Equal(["nlgp", "fashion-mnist"], spec.Data);
        Assert.Equal(0.125, spec.LearningRate);
        Assert.Equal(ulong.MaxValue, spec.Seed);
        Assert.Empty(Apply(quick, SpecOverride.Parse("baselines=none", "--set")).Baselines);
        // Everything else is the preset's.
        static string Json(LotterySpec s) => System.Text.Json.JsonSerializer.Serialize(s, JsonDefaults.Options);
        Assert.Equal(Json(quick with { Seeds = 3, Data = ["nlgp", "fashion-mnist"], LearningRate = 0.125, Seed = ulong.MaxValue }), Json(spec));

        var criticality = Apply(CriticalitySpec.ForPreset("tiny"), SpecOverride.Parse("mlp.widths=8,16", "--set"), SpecOverride.Parse("training.enabled=false", "--set"));
        Assert.Equal([8, 16], criticality.Mlp.Widths);
        Assert.False(criticality.Training.Enabled);
        Assert.Equal(CriticalitySpec.ForPreset("tiny").Cnns.Length, criticality.Cnns.Length);

        var subset = Apply(SubsetSpec.Preset("tiny"), SpecOverride.Parse("mnist=null", "--set"), SpecOverride.Parse("match.restarts=7", "--set"));
        Assert.Null(subset.Mnist);
        Assert.Equal(7, subset.Match.Restarts);
        Assert.Equal(SubsetSpec.Preset("tiny").Allocations, subset.Allocations);
    }

    [Theory]
    [InlineData("seeds=x", false, "'x' is not an integer")]
    [InlineData("learning_rate=nan", false, "is not a finite number")]
    [InlineData("sedes=3", false, "did you mean 'seeds'")]
    [InlineData("seeds=2,3", true, "not a list of values")]
    [InlineData("data=nlgp,,gp", false, "an empty value in the list")]
    [InlineData("seeds=null", false, "cannot be null")]
    [InlineData("seeds", false, "expected KEY=VALUE")]
    public void BadOverridesAreUsageErrorsNamingTheField(string assignment, bool grid, string message)
    {
        var e = Assert.Throws<UsageException>(() => Apply(LotteryPresets.Get("tiny"), SpecOverride.Parse(assignment, grid ? "--grid" : "--set", grid)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FieldsAreTheSpecsJsonNamesWithGroupsBeforeTheirFields()
    {
        var fields = SpecField.Of(typeof(CriticalitySpec)).Select(f => f.Path).ToList();
        Assert.Contains("sigma_b", fields);
        Assert.True(fields.IndexOf("mlp") < fields.IndexOf("mlp.widths"));
        Assert.Contains("training.learning_rate", fields);
        Assert.True(SpecField.Of(typeof(CriticalitySpec)).Single(f => f.Path == "mlp.widths").IsList);
        Assert.False(SpecField.Of(typeof(CriticalitySpec)).Single(f => f.Path == "cnns").IsList); // records: set as JSON
    }
}
