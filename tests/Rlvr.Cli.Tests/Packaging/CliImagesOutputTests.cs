using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Packaging;

/// <summary>The CLI's images/ folder in its build output mirrors environments/images (scripts/test.sh builds the sandbox images from it).</summary>
public sealed class CliImagesOutputTests
{
    [Fact]
    public async Task Build_FileInOutputImagesNotInTheSource_IsDeleted()
    {
        string images = Path.Combine(RepoPaths.Root, "src", "Rlvr.Cli", "bin", "Debug", "net10.0", "images");
        string planted = Path.Combine(images, "python", "planted-" + Guid.NewGuid().ToString("N") + ".txt");
        Directory.CreateDirectory(Path.GetDirectoryName(planted)!);
        await File.WriteAllTextAsync(planted, "not in environments/images");
        try
        {
            var (exit, output) = await ProcessRunner.DotnetAsync(RepoPaths.Root, "build", "src/Rlvr.Cli", "-c", "Debug", "--no-restore", "-nologo");

            Assert.True(exit == 0, output);
            Assert.False(File.Exists(planted), "the planted file is still in " + images);
            Assert.True(File.Exists(Path.Combine(images, "python", "Dockerfile")), "the copy lost a source file");
        }
        finally
        {
            File.Delete(planted);
        }
    }
}
