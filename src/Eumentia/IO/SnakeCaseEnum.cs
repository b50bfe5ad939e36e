using System.Text.Json.Serialization;
using System.Text.Json;

namespace Eumentia.IO;

/// <summary>On an enum type: written and read by its member names in snake_case ("worker_exited"); numbers are read too.</summary>
public sealed class SnakeCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower) where T : struct, Enum;
