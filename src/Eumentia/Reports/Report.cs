using System.Net;
using System.Text;

using Eumentia.IO;

namespace Eumentia.Reports;

/// <summary>
/// A self-contained report.html: sections of text, figures inlined as SVG with captions, and tables, in one
/// file with its own styles and no external resources, so it can be mailed or archived as is.
/// <code>
/// new Report("Collapse of the loss").Section("Method", "...").Figure(svg, "Raw data").Table(headers, rows).Write("out/report.html");
/// </code>
/// </summary>
public sealed class Report(string title)
{
    readonly StringBuilder body = new();
    readonly List<FigureFile> files = [];
    Headline? headline;
    int figures, tables;

    public string Title { get; } = title;

    /// <summary>A heading; paragraphs of <paramref name="text"/> are separated by blank lines (plain text, escaped).</summary>
    public Report Section(string heading, string? text = null)
    {
        body.Append($"<h2>{WebUtility.HtmlEncode(heading)}</h2>\n");
        if (text is not null) Text(text);
        return this;
    }

    public Report Text(string text)
    {
        foreach (var para in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            body.Append($"<p>{WebUtility.HtmlEncode(para.Trim())}</p>\n");
        return this;
    }

    /// <summary>Preformatted text (a command line, a formula).</summary>
    public Report Code(string text)
    {
        body.Append($"<pre>{WebUtility.HtmlEncode(text)}</pre>\n");
        return this;
    }

    /// <summary>
    /// A figure inlined as SVG with a numbered caption; <see cref="Write"/> also writes it as figures/NAME.svg,
    /// .png, .pdf and .csv beside the report (the caption names them).
    /// </summary>
    public Report Figure(FigureFile figure, string caption)
    {
        if (files.Any(f => f.Name == figure.Name)) throw new ArgumentException($"two figures named {figure.Name}", nameof(figure));
        string svg = figure.Svg(null);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException("not an SVG document", nameof(figure));
        files.Add(figure);
        figures++;
        string links = string.Join(" ", FigureExport.Extensions.Select(e => $"<a href=\"{FiguresFolder}/{WebUtility.HtmlEncode(figure.Name + e)}\">{e[1..]}</a>"));
        body.Append($"<figure id=\"{WebUtility.HtmlEncode(figure.Name)}\">\n{svg[start..].Trim()}\n<figcaption><b>Figure {figures}.</b> {WebUtility.HtmlEncode(caption)} " +
            $"<span class=\"files\">{links}</span></figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>The folder beside report.html that holds each figure's files.</summary>
    public const string FiguresFolder = "figures";

    /// <summary>
    /// The study's answers at a glance, in a box at the top of the report; <see cref="Write"/> also writes them
    /// with their numbers as summary.json beside the report, for scripts.
    /// </summary>
    public Report Headline(Headline headline)
    {
        this.headline = headline;
        return this;
    }

    public Report Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        tables++;
        body.Append("<table>\n");
        if (caption is not null) body.Append($"<caption><b>Table {tables}.</b> {WebUtility.HtmlEncode(caption)}</caption>\n");
        body.Append("<thead><tr>").Append(string.Concat(headers.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>"))).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            if (row.Count != headers.Count) throw new ArgumentException($"a table row has {row.Count} cells for {headers.Count} headers");
            body.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        return this;
    }

    public string ToHtml() =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(Title)}</title>
        <style>
        body {"{"} font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; {"}"}
        h1 {"{"} font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: .3em; {"}"}
        h2 {"{"} font-size: 1.25em; margin-top: 1.8em; {"}"}
        figure {"{"} margin: 1.5em 0; {"}"}
        figure svg {"{"} max-width: 100%; height: auto; {"}"}
        figcaption {"{"} font-size: .92em; color: #444; margin-top: .3em; {"}"}
        table {"{"} border-collapse: collapse; margin: 1em 0; font-size: .9em; font-variant-numeric: tabular-nums; {"}"}
        caption {"{"} text-align: left; padding-bottom: .4em; color: #444; {"}"}
        th, td {"{"} border-bottom: 1px solid #ddd; padding: .3em .8em; text-align: right; {"}"}
        th {"{"} background: #f3f6f9; border-bottom: 2px solid #bbb; {"}"}
        td:first-child, th:first-child {"{"} text-align: left; {"}"}
        pre {"{"} background: #f6f6f6; padding: .7em; overflow-x: auto; font-size: .88em; {"}"}
        footer {"{"} margin-top: 3em; font-size: .8em; color: #888; {"}"}
        .headline {"{"} border: 2px solid #0072B2; background: #f3f8fc; padding: .6em 1.2em; margin: 1em 0 2em; {"}"}
        .headline h2 {"{"} margin-top: .3em; font-size: 1.15em; {"}"}
        .headline li {"{"} margin: .25em 0; {"}"}
        .files {"{"} font-size: .85em; {"}"}
        .files a {"{"} margin-left: .4em; color: #0072B2; {"}"}
        </style>
        </head>
        <body>
        <h1>{WebUtility.HtmlEncode(Title)}</h1>
        {HeadlineHtml()}{body}<footer>Written by Eumentia.</footer>
        </body>
        </html>

        """;

    string HeadlineHtml() => headline is null ? "" :
        "<section class=\"headline\">\n<h2>Headline</h2>\n<ul>\n" + string.Concat(headline.Lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>\n")) +
        "</ul>\n<p class=\"files\">The same in <a href=\"summary.json\">summary.json</a>.</p>\n</section>\n";

    /// <summary>Writes the figures' files, summary.json and then the report, each atomically (the report last, so it only links what exists).</summary>
    public void Write(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var figure in files) FigureExport.Write(Path.Combine(directory, FiguresFolder), figure);
        if (headline is not null) AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), headline.ToJson());
        AtomicFile.WriteAllText(path, ToHtml());
    }
}
