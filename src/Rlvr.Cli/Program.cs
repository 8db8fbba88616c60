using System.CommandLine;
using Rlvr.Cli.Commands;

var root = new RootCommand("rlvr: reinforcement-learning environments with verifiable rewards.");
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(SandboxCommand.Create());
root.Subcommands.Add(ImagesCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(NewCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
