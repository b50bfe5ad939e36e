using Eumentia.Nets.TeacherStudent;
using System.Globalization;

namespace Eumentia.Studies.Subset;

/// <summary>
/// A user-given allocation: a text file with one learnable weight per line as "BLOCK ROW COLUMN" (block
/// names as in the network: W1, W2, ... for feed-forward and ReLU nets, U, W, V for recurrent ones; rows
/// and columns from 0). Blank lines and text after '#' are ignored.
/// </summary>
public static class MaskFile
{
    public static Allocation Load(string path, SubsetNetwork network)
    {
        if (!File.Exists(path)) throw new UsageException($"mask file {path}: not found");
        return Parse(File.ReadAllLines(path), path, network);
    }

    public static Allocation Parse(IReadOnlyList<string> lines, string source, SubsetNetwork network)
    {
        var indices = new List<int>();
        var seen = new HashSet<int>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            string where = $"mask file {source}, line {i + 1}";
            if (parts.Length != 3) throw new UsageException($"{where}: expected BLOCK ROW COLUMN, got '{line.Trim()}'");
            var block = network.Blocks.FirstOrDefault(b => string.Equals(b.Name, parts[0], StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"{where}: {network.Name} has no block '{parts[0]}' (blocks: {string.Join(", ", network.Blocks.Select(b => b.Name))})");
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int row) || row >= block.Rows)
                throw new UsageException($"{where}: row '{parts[1]}' outside 0..{block.Rows - 1} of {block.Name}");
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int col) || col >= block.Columns)
                throw new UsageException($"{where}: column '{parts[2]}' outside 0..{block.Columns - 1} of {block.Name}");
            if (!seen.Add(block.Index(row, col))) throw new UsageException($"{where}: {block.Name}[{row}, {col}] is listed twice");
            indices.Add(block.Index(row, col));
        }
        if (indices.Count == 0) throw new UsageException($"mask file {source}: lists no weights");
        return new Allocation(AllocationKind.Mask, Mask: indices, MaskName: Path.GetFileNameWithoutExtension(source), MaskNetwork: network.Name);
    }
}
