namespace Eumentia.Sweeps.Spec;

/// <summary>
/// Implemented by config records that name external inputs (a user's data file) which the run key must
/// identify by content, not by where they lie: two different files never share a key, and a moved file keeps
/// its key.
/// </summary>
public interface IContentAddressed
{
    /// <summary>The config with its inputs pinned: paths absolute, content hashes filled in (reads the files).</summary>
    object Pinned();

    /// <summary>The config as the run key sees it: the inputs' hashes without their paths.</summary>
    object KeyView();
}
