namespace Eumentia;

/// <summary>
/// A failure the user can act on (corrupt file, missing data set, diverged run). The command line prints
/// its message on one line and exits with 1; no stack trace.
/// </summary>
public class EumentiaException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bad input from the user (option out of range, unknown key in a spec): exit code 2.</summary>
public class UsageException(string message) : EumentiaException(message);
