using System.CommandLine;
using Eumentia.Studies;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia lottery`: the IMP / local-receptive-field study, its options generated from LotterySpec.</summary>
public static class LotteryCommand
{
    public static Command Create() => StudyCommand.Create(StudyCatalog.Get("lottery"), new StudyOptions());

    /// <summary>No options of its own; refuses --gain with --gains, where the one gain would be silently ignored.</summary>
    sealed class StudyOptions : IStudyOptions
    {
        public IEnumerable<Option> Options => [];

        public object Apply(ParseResult parse, object spec) =>
            parse.Tokens.Any(t => t.Value == "--gain") && parse.Tokens.Any(t => t.Value == "--gains")
                ? throw new UsageException("--gain and --gains exclude each other (a gain scan runs the study at each of --gains)")
                : spec;
    }
}
