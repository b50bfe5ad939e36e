using Eumentia.IO;
using SkiaSharp;
using Svg.Skia;

namespace Eumentia.Reports;

/// <summary>
/// Writes a figure as the files a paper needs, under a report's figures/ folder: NAME.svg (the report's own
/// drawing, to edit or restyle), NAME.png (at twice the SVG's pixel size), NAME.pdf (vector, fonts embedded)
/// and NAME.csv (the values drawn). PNG and PDF are rendered from the same SVG by Svg.Skia (SkiaSharp), so the
/// three formats show one picture; docs/figures.md says why the drawing stays hand-written.
/// </summary>
public static class FigureExport
{
    /// <summary>Pixels of PNG per SVG pixel: 2 gives 192 dpi at the SVG's 96 dpi size, enough for print.</summary>
    public const float PngScale = 2;

    /// <summary>The stems' extensions, in the order they are written.</summary>
    public static readonly string[] Extensions = [".csv", ".svg", ".png", ".pdf"];

    public static void Write(string directory, FigureFile figure)
    {
        Directory.CreateDirectory(directory);
        string stem = Path.Combine(directory, figure.Name);
        AtomicFile.WriteAllText(stem + ".csv", figure.Csv());
        AtomicFile.WriteAllText(stem + ".svg", figure.Svg(null));
        using var svg = new SKSvg();
        using (var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(figure.Svg(Measure))))
            svg.Load(text);
        var picture = svg.Picture ?? throw new InvalidOperationException($"figure {figure.Name}: its SVG could not be rendered");
        var bounds = picture.CullRect;
        AtomicFile.Write(stem + ".png", s =>
        {
            using var bitmap = new SKBitmap((int)Math.Ceiling(bounds.Width * PngScale), (int)Math.Ceiling(bounds.Height * PngScale));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.White);
                canvas.Scale(PngScale);
                canvas.DrawPicture(picture);
            }
            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(s);
        });
        AtomicFile.Write(stem + ".pdf", s =>
        {
            using var document = SKDocument.CreatePdf(s);
            var canvas = document.BeginPage(bounds.Width, bounds.Height);
            canvas.DrawPicture(picture);
            document.EndPage();
            document.Close();
        });
    }

    static readonly Lazy<SKTypeface> Face = new(() => SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default);

    /// <summary>Widths from the font the renderer draws with, so labels with sub- and superscripts are placed exactly.</summary>
    static double Measure(string text, double size)
    {
        using var font = new SKFont(Face.Value, (float)size);
        return font.MeasureText(text);
    }
}
