namespace Eumentia.Data;

/// <summary>A data set as shipped: its training file (the pool training subsets and validation come from) and its official test file.</summary>
internal sealed record ImageDataSet(ImageSet Train, ImageSet Test, string Location)
{
    public static ImageDataSet Create(ImageSet train, ImageSet test, string location)
    {
        if (train.Rows != test.Rows || train.Cols != test.Cols)
            throw new EumentiaException($"{location}: training images are {train.Rows}×{train.Cols} but test images are {test.Rows}×{test.Cols}");
        return new ImageDataSet(train, test, location);
    }
}
