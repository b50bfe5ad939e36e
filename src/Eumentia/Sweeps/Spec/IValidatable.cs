namespace Eumentia.Sweeps.Spec;

/// <summary>A problem with one field of a config: its snake_case key and what is wrong ("must be in [0, 1)").</summary>
public readonly record struct ConfigError(string Key, string Message);

/// <summary>
/// Implemented by config records whose values have ranges or cross-field rules beyond their types
/// (a dropout rate in [0, 1), a positive width). Data-annotation attributes such as
/// <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/> on the properties are checked too.
/// </summary>
public interface IValidatable
{
    IEnumerable<ConfigError> Validate();
}
