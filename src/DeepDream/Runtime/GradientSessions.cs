using DeepDream.Runtime.OneDnn;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>Makes a gradient session on the engine asked for, falling back to ONNX Runtime where oneDNN cannot serve under <see cref="ComputeEngine.Auto"/>.</summary>
internal static class GradientSessions
{
    /// <exception cref="DeepDreamException"><see cref="ComputeEngine.OneDnn"/> was asked for and cannot run this network here.</exception>
    public static IGradientSession Create(ComputeEngine engine, ModelProto model, string inputName, IObjective objective, bool withGradient)
    {
        if (engine == ComputeEngine.OneDnn && !OneDnnAvailable)
            throw new DeepDreamException("the oneDNN engine needs libdnnl.so.2 on an AVX-512 CPU; install it (Debian: apt-get install libdnnl2) or use --engine ort");
        // Cut and shaped once: where oneDNN cannot run it, ORT builds from the same.
        var network = TruncatedNetwork.Of(model, objective);
        if (engine != ComputeEngine.Ort && OneDnnAvailable)
        {
            try
            {
                return OneDnnGradientSession.Create(network, inputName, objective, withGradient, Dnnl.HasBf16);
            }
            catch (OneDnnException) when (engine == ComputeEngine.Auto)
            {
                // An op oneDNN has no primitive for: ORT runs every op we can differentiate.
            }
            catch (OneDnnException e)
            {
                throw new DeepDreamException($"{e.Message}; use --engine ort or auto", e);
            }
        }
        return GradientSession.Create(network, inputName, objective, withGradient);
    }

    static bool OneDnnAvailable => Dnnl.Available;
}
