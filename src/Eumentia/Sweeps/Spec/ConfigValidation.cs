using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Eumentia.Sweeps.Spec;

/// <summary>
/// Checks a config: its data annotations, <see cref="IValidatable"/>, or — for records that predate that
/// interface — a public <c>Validate()</c> returning messages that each begin with the key they are about
/// ("p_train = 1.5 is outside [0, 1)"). Errors carry snake_case keys so a spec error can name the line.
/// </summary>
public static class ConfigValidation
{
    public static IReadOnlyList<ConfigError> Errors(object config)
    {
        var schema = ConfigSchema.For(config.GetType());
        var errors = new List<ConfigError>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(config, new ValidationContext(config), results, validateAllProperties: true);
        foreach (var result in results)
        {
            string member = result.MemberNames.FirstOrDefault() ?? "";
            string key = member.Length == 0 ? "" : schema.Fields.FirstOrDefault(f => f.Property.Name == member)?.Name
                                                   ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
            errors.Add(new ConfigError(key, Rephrase(result.ErrorMessage ?? "is invalid", member)));
        }
        if (config is IValidatable validatable) errors.AddRange(validatable.Validate());
        else if (MessageValidator(config.GetType()) is { } validate)
            foreach (var message in (IEnumerable<string>)validate.Invoke(config, null)!)
                errors.Add(new ConfigError(LeadingKey(schema, message), message));
        return errors;
    }

    /// <summary>"key: message" unless the message already starts with the key.</summary>
    public static string Describe(ConfigError error) =>
        error.Key.Length == 0 || error.Message.StartsWith(error.Key, StringComparison.Ordinal) ? error.Message : $"'{error.Key}' {error.Message}";

    static MethodInfo? MessageValidator(Type type) =>
        type.GetMethod("Validate", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } m
        && typeof(IEnumerable<string>).IsAssignableFrom(m.ReturnType) ? m : null;

    /// <summary>The longest field name the message starts with (followed by a non-identifier character), or "".</summary>
    static string LeadingKey(ConfigSchema schema, string message) =>
        schema.Fields.Select(f => f.Name)
            .Where(n => message.StartsWith(n, StringComparison.Ordinal) && (message.Length == n.Length || !(char.IsAsciiLetterOrDigit(message[n.Length]) || message[n.Length] == '_')))
            .OrderByDescending(n => n.Length).FirstOrDefault() ?? "";

    // Data annotations phrase messages with the C# property name ("The field Width must be between ..."):
    // the key is named separately, so drop the property name from the message.
    static string Rephrase(string message, string member) =>
        member.Length == 0 ? message : message.Replace($"The field {member} ", "").Replace($"The {member} field ", "").Replace(member, "value");
}
