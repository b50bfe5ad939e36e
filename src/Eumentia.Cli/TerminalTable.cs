using Spectre.Console;
using Spectre.Console.Rendering;

namespace Eumentia.Cli;

/// <summary>
/// A table on the terminal through Spectre.Console: columns sized to their longest cell, so long names never break
/// the alignment. A live terminal gets its width and rounded borders; redirected output and CI get plain ASCII
/// borders, no colour and a width wide enough that rows never wrap (so logs grep and diff well).
/// </summary>
public static class TerminalTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>; columns whose header starts with '>' are right-aligned (numbers).</summary>
    public static void Write(TextWriter output, string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        bool live = ProgressOutput.Interactive(output);
        var table = new Table().Border(live ? TableBorder.Rounded : TableBorder.Ascii);
        if (title is not null) table.Title = new TableTitle(title);
        foreach (var h in headers)
        {
            var column = new TableColumn(new Text(h.TrimStart('>')));
            if (h.StartsWith('>')) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in rows) table.AddRow(row.Select(c => (IRenderable)new Text(c)).ToArray());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!live) console.Profile.Width = 400;
        console.Write(table);
    }
}
