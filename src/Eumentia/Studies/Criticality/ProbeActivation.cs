using Eumentia.Nets;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// φ on float spans for the probes: the vectorised training kernels where the nets have the activation,
/// the theory's float64 function element by element otherwise (sin, user-defined).
/// </summary>
static class ProbeActivation
{
    public delegate void Kernel(ReadOnlySpan<float> z, Span<float> h);

    public static Kernel Parse(string name)
    {
        var theory = Theory.Activation.Parse(name); // validates against the full list
        if (theory == Theory.Activation.Sin) return Elementwise(theory.Value);
        var net = ActivationKernels.Parse(name);
        return (z, h) => ActivationKernels.Forward(net, z, h);
    }

    public static Kernel Elementwise(Func<double, double> phi) => (z, h) =>
    {
        for (int i = 0; i < z.Length; i++) h[i] = (float)phi(z[i]);
    };
}
