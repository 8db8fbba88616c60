using System.CommandLine;
using System.Runtime.InteropServices;
using Rlvr.Cli.Commands;

var root = new RootCommand("rlvr: reinforcement-learning environments with verifiable rewards.");
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(SandboxCommand.Create());
root.Subcommands.Add(ImagesCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(NewCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(CyberCommand.Create());

// Ctrl+C and SIGTERM cancel the running command, which then removes its sandbox containers; a command that has
// not stopped 20 s later is ended. Handled here rather than by System.CommandLine: 2.0.0 leaves its
// ProcessTerminationTimeout null (command-line-api #2739), and without a handler the runtime dies on SIGTERM
// without running any cleanup. A command cut short exits with the conventional status (130 for Ctrl+C, 143 for
// SIGTERM); one whose normal way to stop is the signal (serve drains and exits 0) keeps its own status.
using var stop = new CancellationTokenSource();
int signal = 0;
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (Interlocked.CompareExchange(ref signal, context.Signal == PosixSignal.SIGINT ? 2 : 15, 0) == 0)
    {
        stop.Cancel();
        _ = Task.Delay(TimeSpan.FromSeconds(20)).ContinueWith(_ => Environment.Exit(128 + signal), TaskScheduler.Default);
    }
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
int exitCode = await root.Parse(args).InvokeAsync(invocation, stop.Token).ConfigureAwait(false);
return signal != 0 && exitCode != 0 ? 128 + signal : exitCode;
