// Dreams a photo with the library's embedded ResNet18: dotnet run -- photo.jpg dream.png
using DeepDream.Dreaming;
using DeepDream.Imaging;

var photo = ImageFile.Read(args.Length > 0 ? args[0] : "photo.jpg");
using var dreamer = new Dreamer(DreamPlan.Resolve(new DreamOptions { Layer = "parts", Iterations = 10, Seed = 1 }, photo));
var progress = new Progress<DreamProgress>(p => Console.Error.Write($"\roctave {p.Octave}/{p.Octaves}: {p.Fraction:P0} "));
var result = dreamer.Dream(photo, progress);
ImageFile.Write(result.Image, args.Length > 1 ? args[1] : "dream.png");
Console.WriteLine($"objective {result.ObjectiveInput:0.00} -> {result.ObjectiveOutput:0.00}");
