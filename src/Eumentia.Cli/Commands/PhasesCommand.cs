using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Eumentia.Studies;
using Eumentia.Studies.Phases;
using Eumentia.Studies.Specs;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia phases`: the pruning-induced phases study (<see cref="PhasesStudy"/>) from nothing to report.html. The
/// options change the preset's <see cref="PhasesSpec"/>; re-running resumes, and a grown spec reuses every finished run.
/// </summary>
public static class PhasesCommand
{
    public static Command Create() => StudyCommand.Create(StudyCatalog.Get("phases"), new StudyOptions());

    /// <summary>
    /// The phases spec's own keys: --set KEY=VALUE with a training setting (a <see cref="Training.TrainConfig"/> key such as
    /// width) fixes it for every training run; --grid KEY=V1,V2 makes it an axis of the training grid. The spec's fields
    /// (p_eval, eval_mode, eval_draws, seeds, rules.*, bootstrap) are set like any study's.
    /// </summary>
    sealed class StudyOptions : IStudyOptions
    {
        public IEnumerable<Option> Options => [];

        public object Apply(ParseResult parse, object spec) => spec;

        public object? Override(object spec, SpecOverride assignment) => assignment.ListOnly
            ? Grid((PhasesSpec)spec, assignment)
            : Set((PhasesSpec)spec, assignment);
    }

    /// <summary>`--set key=value`: a training setting that holds for every run (it replaces an axis of that key).</summary>
    static PhasesSpec Set(PhasesSpec spec, SpecOverride assignment)
    {
        var fixedValues = new Dictionary<string, JsonNode?>(spec.Fixed) { [assignment.Path] = Node(assignment.Text) };
        var axes = new Dictionary<string, JsonArray>(spec.Grid);
        axes.Remove(assignment.Path);
        return spec with { Fixed = fixedValues, Grid = axes };
    }

    /// <summary>`--grid key=v1,v2`: an axis of the training grid replacing whatever the spec says about the key.</summary>
    static PhasesSpec Grid(PhasesSpec spec, SpecOverride assignment)
    {
        var fixedValues = new Dictionary<string, JsonNode?>(spec.Fixed);
        fixedValues.Remove(assignment.Path);
        var axes = new Dictionary<string, JsonArray>(spec.Grid) { [assignment.Path] = [.. assignment.Text.Split(',', StringSplitOptions.TrimEntries).Select(Node)] };
        return spec with { Fixed = fixedValues, Grid = axes };
    }

    /// <summary>A number as a JSON number (so study.json reads naturally), anything else as a string.</summary>
    static JsonNode Node(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? JsonValue.Create(l)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? JsonValue.Create(d)
        : JsonValue.Create(text);
}
