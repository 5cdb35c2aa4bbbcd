return PhpShm.Cli.CliApp.Run(args);
