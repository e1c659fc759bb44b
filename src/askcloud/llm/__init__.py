"""Chat models behind one factory: llama.cpp (default), OpenAI-compatible, Ollama, extractive, fake."""
