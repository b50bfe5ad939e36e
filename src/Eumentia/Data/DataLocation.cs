namespace Eumentia.Data;

/// <summary>Where a data set's files were found, and how to read them.</summary>
internal abstract record DataLocation(string Where)
{
    public abstract ImageDataSet Read(int classes);
}
