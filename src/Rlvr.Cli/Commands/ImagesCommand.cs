using System.CommandLine;
using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr images build [NAME]</c>: builds the sandbox images through the Engine API.</summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name")
        {
            Description = "One image (a folder of the images directory); all when omitted.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "The images folder (default: the images the tool ships with, beside it)." };
        var build = new Command("build", "Build sandbox images from <images>/<name>/Dockerfile, the build contexts shipped with the tool (skipped when the content hash tag exists).") { name, dir };
        build.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            string imagesDir = parse.GetValue(dir)?.FullName ?? ImagePaths.Find()
                ?? throw new CliException($"no images folder beside the tool ({AppContext.BaseDirectory}images); pass --dir with the folder holding the image build contexts.");
            try
            {
                var results = await new SandboxImageBuilder().BuildAsync(imagesDir, parse.GetValue(name), Console.Out, cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"{results.Count(r => r.Built)} built, {results.Count(r => !r.Built)} up to date").ConfigureAwait(false);
                return 0;
            }
            catch (ArgumentException ex)
            {
                // The user's message, without .NET's " (Parameter 'name')" suffix.
                string message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
                throw new CliException(message);
            }
            catch (SandboxException ex)
            {
                throw new CliException(ex.Message);
            }
        }));
        return new Command("images", "Manage sandbox images.") { build };
    }
}
