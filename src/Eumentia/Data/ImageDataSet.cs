namespace Eumentia.Data;

/// <summary>
/// A data set as shipped: its training file (the pool training subsets and validation come from), its official
/// test file, where it was read from and how many classes its labels range over.
/// </summary>
internal sealed record ImageDataSet(ImageSet Train, ImageSet Test, string Location, int Classes)
{
    public static ImageDataSet Create(ImageSet train, ImageSet test, string location, int classes)
    {
        if (train.Rows != test.Rows || train.Cols != test.Cols)
            throw new EumentiaException($"{location}: training images are {train.Rows}×{train.Cols} but test images are {test.Rows}×{test.Cols}");
        return new ImageDataSet(train, test, location, classes);
    }
}
