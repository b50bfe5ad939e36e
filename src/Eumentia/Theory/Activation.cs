using MathNet.Numerics;

namespace Eumentia.Theory;

/// <summary>A point where an activation's slope jumps by <see cref="SlopeJump"/> (φ'(x⁺) − φ'(x⁻)).</summary>
public readonly record struct Kink(double At, double SlopeJump);

/// <summary>
/// An activation φ for the mean-field theory, in float64: its value, first and second derivatives, and
/// the kinks where φ' jumps. Kinks matter twice: quadrature splits its panels there (Gauss–Hermite
/// converges only algebraically across a kink), and they change the universality class at the edge of
/// chaos (the correlation map picks up a ρ^{3/2} term, so ρ_l ~ l^{-2} instead of 1/(κ l)).
/// Between kinks φ must be smooth; <see cref="SecondDerivative"/> is the regular part only.
/// </summary>
public sealed class Activation
{
    public string Name { get; }
    public Func<double, double> Value { get; }
    public Func<double, double> Derivative { get; }
    public Func<double, double> SecondDerivative { get; }
    public IReadOnlyList<Kink> Kinks { get; }

    /// <summary>True when φ is smooth everywhere (no kinks): the κ ρ² law applies at criticality.</summary>
    public bool IsSmooth => Kinks.Count == 0;

    Activation(string name, Func<double, double> value, Func<double, double> derivative,
        Func<double, double> secondDerivative, IReadOnlyList<Kink> kinks)
    {
        Name = name;
        Value = value;
        Derivative = derivative;
        SecondDerivative = secondDerivative;
        Kinks = kinks;
    }

    public static Activation Tanh { get; } = new("tanh", Math.Tanh,
        x => { double c = 1.0 / Math.Cosh(x); return c * c; },
        x => { double c = 1.0 / Math.Cosh(x); return -2.0 * Math.Tanh(x) * c * c; }, []);

    /// <summary>φ(x) = erf(x) (not rescaled: φ'(0) = 2/√π).</summary>
    public static Activation Erf { get; } = new("erf", SpecialFunctions.Erf,
        x => 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-x * x),
        x => -4.0 * x / Math.Sqrt(Math.PI) * Math.Exp(-x * x), []);

    public static Activation Relu { get; } = new("relu", x => x > 0 ? x : 0.0, x => x > 0 ? 1.0 : 0.0, _ => 0.0,
        [new Kink(0.0, 1.0)]);

    /// <summary>φ(x) = clip(x, −1, 1).</summary>
    public static Activation HardTanh { get; } = new("hardtanh", x => Math.Clamp(x, -1.0, 1.0),
        x => Math.Abs(x) < 1 ? 1.0 : 0.0, _ => 0.0, [new Kink(-1.0, 1.0), new Kink(1.0, -1.0)]);

    public static Activation Sin { get; } = new("sin", Math.Sin, Math.Cos, x => -Math.Sin(x), []);

    public static Activation Linear { get; } = new("linear", x => x, _ => 1.0, _ => 0.0, []);

    /// <summary>The built-in activations by name.</summary>
    public static IReadOnlyList<Activation> BuiltIn { get; } = [Tanh, Erf, Relu, HardTanh, Sin, Linear];

    /// <summary>The built-in activation called <paramref name="name"/> (case-insensitive).</summary>
    public static Activation Parse(string name) =>
        BuiltIn.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"unknown activation '{name}'; expected one of {string.Join(", ", BuiltIn.Select(a => a.Name))}");

    /// <summary>
    /// A user-supplied activation. Missing derivatives are taken by central differences (steps balanced
    /// against float64 rounding: relative error about 1e-10 for φ' and 1e-7 for φ''). Declare the kinks of
    /// a piecewise-smooth φ so that quadrature and the critical-decay law treat them correctly.
    /// </summary>
    public static Activation Custom(string name, Func<double, double> value, Func<double, double>? derivative = null,
        Func<double, double>? secondDerivative = null, IEnumerable<Kink>? kinks = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        derivative ??= x =>
        {
            double h = 6e-6 * Math.Max(1.0, Math.Abs(x));
            return (value(x + h) - value(x - h)) / (2 * h);
        };
        secondDerivative ??= x =>
        {
            double h = 1e-4 * Math.Max(1.0, Math.Abs(x));
            return (value(x + h) - 2 * value(x) + value(x - h)) / (h * h);
        };
        return new Activation(name, value, derivative, secondDerivative, (kinks ?? []).OrderBy(k => k.At).ToArray());
    }

    public override string ToString() => Name;
}
