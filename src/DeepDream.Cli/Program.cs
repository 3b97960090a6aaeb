return DeepDream.Cli.Cli.Run(args);
