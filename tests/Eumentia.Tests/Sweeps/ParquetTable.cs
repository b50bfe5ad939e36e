using Parquet;
using Parquet.Schema;

namespace Eumentia.Tests.Sweeps;

/// <summary>Reads a Parquet table back for the tests: column names, each column's CLR type, and the values by row (null where empty).</summary>
public static class ParquetTable
{
    public static (string[] Header, Type[] Types, List<object?[]> Rows) Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    static async Task<(string[], Type[], List<object?[]>)> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<object?[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = (int)group.RowCount;
            var columns = new object?[fields.Length][];
            for (int c = 0; c < fields.Length; c++)
                columns[c] = fields[c].ClrType switch
                {
                    var t when t == typeof(long) => (await Read<long>(group, fields[c], count)).Select(v => (object?)v).ToArray(),
                    var t when t == typeof(double) => (await Read<double>(group, fields[c], count)).Select(v => (object?)v).ToArray(),
                    var t when t == typeof(bool) => (await Read<bool>(group, fields[c], count)).Select(v => (object?)v).ToArray(),
                    _ => await ReadText(group, fields[c], count),
                };
            for (int r = 0; r < count; r++) rows.Add(columns.Select(col => col[r]).ToArray());
        }
        return (fields.Select(f => f.Name).ToArray(), fields.Select(f => f.ClrType).ToArray(), rows);
    }

    static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int count) where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory());
        return values;
    }

    static async Task<object?[]> ReadText(ParquetRowGroupReader group, DataField field, int count)
    {
        var values = new string?[count];
        await group.ReadAsync(field, values.AsMemory());
        return values.Select(v => (object?)v).ToArray();
    }
}
