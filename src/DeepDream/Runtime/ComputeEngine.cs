namespace DeepDream.Runtime;

/// <summary>What runs the network's forward and backward passes.</summary>
public enum ComputeEngine
{
    /// <summary>oneDNN where libdnnl.so.2 is installed and has a kernel for every op of the network, else ONNX Runtime.</summary>
    Auto,

    /// <summary>ONNX Runtime, float32, with deepdream's own backward graph: runs every model on every machine.</summary>
    Ort,

    /// <summary>oneDNN (libdnnl.so.2), bf16 where the CPU has AVX512-BF16 or AMX, float32 elsewhere; fails where it cannot run the network.</summary>
    OneDnn,
}
