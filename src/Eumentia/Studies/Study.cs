using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>The typed base of a study: its spec is a <typeparamref name="TSpec"/> record.</summary>
public abstract class Study<TSpec> : IStudy where TSpec : class
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public abstract IReadOnlyList<string> PresetNames { get; }

    public Type SpecType => typeof(TSpec);

    public abstract IReadOnlyList<RunKind> RunKinds { get; }

    /// <inheritdoc cref="IStudy.Preset"/>
    public abstract TSpec Preset(string name);

    /// <inheritdoc cref="IStudy.Conduct"/>
    public abstract StudyOutcome Conduct(TSpec spec, StudyContext context);

    /// <inheritdoc cref="IStudy.Check"/>
    public virtual void Check(TSpec spec) { }

    object IStudy.Preset(string name) => Preset(name);

    void IStudy.Check(object spec) => Check(Typed(spec));

    StudyOutcome IStudy.Conduct(object spec, StudyContext context) =>
        Conduct(Typed(spec), context);

    TSpec Typed(object spec) =>
        spec as TSpec ?? throw new ArgumentException($"study '{Name}' takes a {typeof(TSpec).Name}, not a {spec.GetType().Name}", nameof(spec));
}
