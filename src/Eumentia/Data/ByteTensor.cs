namespace Eumentia.Data;

/// <summary>An n-dimensional array of unsigned bytes in row-major order, as stored in IDX and .npy files.</summary>
public sealed record ByteTensor(IReadOnlyList<int> Shape, byte[] Data);
