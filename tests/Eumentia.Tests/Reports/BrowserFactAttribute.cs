namespace Eumentia.Tests.Reports;

/// <summary>A test that needs chromium: it runs where chromium is on PATH, and in CI (CI=true) always, so a missing browser fails there.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserCheck.Available) Skip = "chromium is not installed here; `.ci/setup` installs Debian's chromium for the browser check";
    }
}
