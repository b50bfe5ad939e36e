namespace Eumentia.Data;

/// <summary>
/// Examples ready for training: <see cref="X"/> is row-major <see cref="Count"/>×<see cref="Features"/>
/// float32 (grey levels byte/255 in [0, 1]), <see cref="Y"/> the class labels 0..Classes-1. Every load
/// returns fresh arrays, so a caller may modify them without affecting anyone else.
/// </summary>
public sealed record LabeledData(string Name, int Count, int Features, int Classes, float[] X, byte[] Y);
