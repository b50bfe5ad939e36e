using Eumentia.Studies.Lottery;

namespace Eumentia.Tests.Studies.Lottery;

public class LotteryPresetTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("standard")]
    [InlineData("paper")]
    public void PresetsAreValidAndTheirInputsCanBeDrawn(string name)
    {
        var spec = LotteryPresets.Get(name);
        Assert.Empty(spec.Validate());
        foreach (var data in spec.Data.Where(spec.IsSynthetic))
        {
            var generator = new Eumentia.Data.Synthetic.NlgpGenerator(spec.Nlgp(data));
            Assert.Equal(spec.Dimension == 1 ? spec.Side : spec.Side * spec.Side, generator.Generate(2, 0, 0, data).Features);
        }
    }
}
