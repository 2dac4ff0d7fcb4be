package io.pedigree.demo;

import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static io.pedigree.demo.DemoGraph.at;
import static io.pedigree.demo.DemoGraph.key;
import static io.pedigree.demo.DemoGraph.latest;
import static io.pedigree.demo.DemoGraph.live;
import static io.pedigree.demo.DemoGraph.round;
import static io.pedigree.lineage.RelationType.DERIVED_FROM;
import static io.pedigree.lineage.RelationType.EVALUATES;
import static io.pedigree.lineage.RelationType.USED;
import static io.pedigree.lineage.RelationType.WAS_GENERATED_BY;

/**
 * Story two, a RAG support assistant: the help center is crawled weekly and re-indexed every other week, a base
 * LLM is fine-tuned twice on curated support tickets, the answer prompt goes through four versions, and weekly
 * evaluations score whatever staging runs. Production serves a fine-tuned model, a prompt and an index at once.
 */
final class RagStory {

    static final NodeKey PROD = key("deployment:support-assistant-prod");
    static final NodeKey STAGING = key("deployment:support-assistant-staging");

    private static final NodeKey HELP_CENTER = key("dataset:{https://help.acme.com}articles");
    private static final NodeKey TICKETS = key("dataset:{zendesk://acme}tickets");
    private static final NodeKey EMBEDDER = key("model:text-embedder@1");
    private static final NodeKey BASE_LLM = key("model:llama-3-8b@base");
    private static final LocalDate FIRST_CRAWL = LocalDate.parse("2026-08-03");
    private static final int CRAWLS = 15;

    private static final String[][] PROMPTS = {
            {"2026-08-05T09:00", "First version", """
                    You are Acme's support assistant. Answer the question using the help-center excerpts.

                    Excerpts:
                    {{context}}

                    Question: {{question}}"""},
            {"2026-08-25T16:00", "Say so when the excerpts do not answer the question", """
                    You are Acme's support assistant. Answer only from the help-center excerpts below. If they do \
                    not contain the answer, say you don't know and offer to open a ticket.

                    Excerpts:
                    {{context}}

                    Question: {{question}}"""},
            {"2026-09-18T16:00", "Cite the articles used", """
                    You are Acme's support assistant. Answer only from the help-center excerpts below, and cite \
                    each article you use as [title](url). If the excerpts do not contain the answer, say you \
                    don't know and offer to open a ticket.

                    Excerpts:
                    {{context}}

                    Question: {{question}}"""},
            {"2026-10-16T16:00", "Short numbered steps; never ask for card numbers", """
                    You are Acme's support assistant. Answer only from the help-center excerpts below, in short \
                    numbered steps where the answer is a procedure, and cite each article you use as \
                    [title](url). Never ask for card numbers or passwords. If the excerpts do not contain the \
                    answer, say you don't know and offer to open a ticket.

                    Excerpts:
                    {{context}}

                    Question: {{question}}"""}};

    private final DemoGraph g;
    private final TreeMap<LocalDate, NodeKey> docs = new TreeMap<>();
    private final List<Instant> indexBuilds = new ArrayList<>();
    private NavigableMap<Instant, NodeKey> code;

    private RagStory(DemoGraph g) {
        this.g = g;
    }

    static void addTo(DemoGraph g) {
        RagStory s = new RagStory(g);
        s.foundations();
        for (int week = 0; week < CRAWLS; week++) {
            s.crawl(week, FIRST_CRAWL.plusWeeks(week));
        }
        s.goldenQuestions();
        s.fineTune(1, "2026-08-20", "2026-08-24T18:00", 18_400);
        s.fineTune(2, "2026-09-30", "2026-10-04T18:00", 26_900);
        s.prompts();
        s.deploymentsAndEvaluations();
    }

    private static NodeKey llm(int version) {
        return key("model:support-llm@" + version);
    }

    private static NodeKey prompt(int version) {
        return key("prompt:support-answer@" + version);
    }

    private static NodeKey index(int version) {
        return key("embedding:support-index@v" + version);
    }

    private void foundations() {
        g.add(HELP_CENTER, DemoGraph.EARLIEST, "system", "zendesk-guide", "description", "Public help-center articles");
        g.add(TICKETS, DemoGraph.EARLIEST, "system", "zendesk", "description", "Resolved customer support tickets");
        g.add(EMBEDDER, at("2026-08-01T09:00"), "source", "https://huggingface.co/intfloat/e5-large-v2",
                "dimensions", 1024, "license", "MIT");
        g.add(BASE_LLM, at("2026-08-01T10:00"), "source", "https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct",
                "parameters", "8B", "license", "llama3");
        g.own(People.ELI, g.add("dataset:support-docs", at(FIRST_CRAWL, 3, 0), "description",
                "Weekly crawl of the help center"), HELP_CENTER);
        g.own(People.DANA,
                g.add("model:support-llm", at("2026-08-24T18:00"), "description",
                        "Llama 3 8B fine-tuned on resolved support tickets", "task", "text-generation"),
                g.add("prompt:support-answer", at(PROMPTS[0][0]), "description",
                        "The answer prompt of the support assistant"),
                g.add("embedding:support-index", at(FIRST_CRAWL, 6, 0), "description",
                        "Vector index of help-center chunks the assistant retrieves from"),
                TICKETS);
        code = g.commits("github.com/acme/support-rag", People.DANA,
                "2026-08-01T16:30", "Crawler and heading-aware chunker (512 tokens, 64 overlap)",
                "2026-08-18T10:00", "Curate resolved tickets into instruction pairs",
                "2026-08-28T14:20", "Strip navigation boilerplate from crawled pages",
                "2026-09-08T11:45", "Evaluation harness: faithfulness, answer relevance, context recall@5",
                "2026-09-29T15:35", "LoRA rank 16 and two epochs for fine-tuning",
                "2026-10-20T09:10", "Keep tables whole when chunking");
    }

    /** A weekly crawl of the help center; every other week the crawl is chunked and embedded into a new index. */
    private void crawl(int week, LocalDate day) {
        NodeKey crawling = g.add("run:crawl-help-center@" + day, at(day, 2, 0), "status", "succeeded",
                "trigger", "schedule");
        g.link(crawling, USED, HELP_CENTER, latest(code, at(day, 2, 0)));
        int pages = 1_180 + 23 * week;
        NodeKey crawled = g.add("dataset:support-docs@" + day, at(day, 3, 0), "pages", pages,
                "location", "s3://acme-rag/docs/" + day + "/");
        g.link(crawled, WAS_GENERATED_BY, crawling);
        docs.put(day, crawled);
        if (week % 2 != 0) {
            return;
        }
        int version = week / 2 + 1;
        NodeKey chunking = g.add("run:chunk-support-docs@" + day, at(day, 4, 0), "status", "succeeded");
        g.link(chunking, USED, crawled, latest(code, at(day, 4, 0)));
        NodeKey chunks = g.add("dataset:support-chunks@" + day, at(day, 4, 40), "chunks", pages * 9,
                "chunkTokens", 512, "overlapTokens", 64, "location", "s3://acme-rag/chunks/" + day + "/");
        g.link(chunks, WAS_GENERATED_BY, chunking);
        g.link(chunks, DERIVED_FROM, crawled);
        NodeKey indexing = g.add("run:index-support-docs@" + day, at(day, 5, 0), "status", "succeeded",
                "gpu", "1x L4");
        g.link(indexing, USED, chunks, EMBEDDER, latest(code, at(day, 5, 0)));
        NodeKey built = g.add(index(version), at(day, 6, 0), "vectors", pages * 9, "dimensions", 1024,
                "store", "qdrant", "collection", "support-v" + version);
        g.link(built, WAS_GENERATED_BY, indexing);
        g.link(built, DERIVED_FROM, chunks);
        indexBuilds.add(at(day, 6, 0));
    }

    private void goldenQuestions() {
        NodeKey first = g.add("dataset:support-golden-qa@1", at("2026-08-07T12:00"), "questions", 240,
                "description", "Questions with reference answers, written against the help center");
        g.link(first, DERIVED_FROM, docs.get(FIRST_CRAWL));
        LocalDate refresh = LocalDate.parse("2026-09-28");
        NodeKey second = g.add("dataset:support-golden-qa@2", at(refresh, 12, 0), "questions", 310,
                "description", "Adds questions on the new billing articles");
        g.link(second, DERIVED_FROM, first, docs.get(refresh));
        g.own(People.ELI, g.add("dataset:support-golden-qa", g.validFrom(first), "description",
                "The assistant's evaluation set"));
    }

    /** Curates tickets up to {@code curated} into instruction pairs and fine-tunes the base model on them. */
    private void fineTune(int version, String curated, String finished, int examples) {
        LocalDate day = LocalDate.parse(curated);
        NodeKey curating = g.add("run:curate-conversations@" + day, at(day, 6, 0), "status", "succeeded",
                "filter", "resolved, CSAT >= 4, no personal data");
        g.link(curating, USED, TICKETS, latest(code, at(day, 6, 0)));
        NodeKey conversations = g.add("dataset:support-conversations@" + day, at(day, 8, 0),
                "examples", examples, "location", "s3://acme-rag/conversations/" + day + "/");
        g.link(conversations, WAS_GENERATED_BY, curating);
        g.link(conversations, DERIVED_FROM, TICKETS);

        LocalDate start = day.plusDays(1);
        NodeKey tuning = g.add("run:finetune-support-llm@" + start, at(start, 9, 0), "status", "succeeded",
                "method", "LoRA", "lora_rank", version == 1 ? 8 : 16, "epochs", version == 1 ? 1 : 2,
                "gpus", "8x A100");
        g.link(tuning, USED, BASE_LLM, conversations, latest(code, at(start, 9, 0)));
        NodeKey tuned = g.add(llm(version), at(finished), "baseModel", BASE_LLM.toString(),
                "location", "s3://acme-ml-models/support-llm/" + version + "/");
        g.link(tuned, WAS_GENERATED_BY, tuning);
        g.link(tuned, DERIVED_FROM, BASE_LLM);
    }

    private void prompts() {
        for (int i = 0; i < PROMPTS.length; i++) {
            NodeKey p = g.add(prompt(i + 1), at(PROMPTS[i][0]), "template", PROMPTS[i][2], "change", PROMPTS[i][1],
                    "temperature", 0.2, "maxTokens", 600);
            if (i > 0) {
                g.link(p, DERIVED_FROM, prompt(i));
            }
        }
    }

    private void deploymentsAndEvaluations() {
        Instant stagingStart = at("2026-08-05T10:00");
        Instant prodStart = at("2026-08-27T10:00");
        g.add(STAGING, stagingStart, "environment", "staging",
                "endpoint", "https://support-assistant.staging.acme.internal/v1/chat", "gpu", "1x L4", "replicas", 1);
        g.add(PROD, prodStart, "environment", "production",
                "endpoint", "https://support.acme.com/api/assistant/v1/chat", "gpu", "2x L4", "replicas", 3);
        g.own(People.FARAH, STAGING, PROD);

        List<DemoGraph.Step> stagingLlm = List.of(new DemoGraph.Step(stagingStart, BASE_LLM),
                new DemoGraph.Step(at("2026-08-25T10:00"), llm(1)), new DemoGraph.Step(at("2026-10-06T10:00"), llm(2)));
        List<DemoGraph.Step> stagingPrompt = List.of(new DemoGraph.Step(stagingStart, prompt(1)),
                new DemoGraph.Step(at("2026-08-26T10:00"), prompt(2)),
                new DemoGraph.Step(at("2026-09-21T10:00"), prompt(3)),
                new DemoGraph.Step(at("2026-10-19T10:00"), prompt(4)));
        List<DemoGraph.Step> stagingIndex = indexRollout(stagingStart, 2);
        g.rollout(STAGING, stagingLlm);
        g.rollout(STAGING, stagingPrompt);
        g.rollout(STAGING, stagingIndex);

        g.rollout(PROD, List.of(new DemoGraph.Step(prodStart, llm(1)),
                new DemoGraph.Step(at("2026-10-12T10:00"), llm(2))));
        g.rollout(PROD, List.of(new DemoGraph.Step(prodStart, prompt(2)),
                new DemoGraph.Step(at("2026-09-24T10:00"), prompt(3)),
                new DemoGraph.Step(at("2026-10-22T10:00"), prompt(4))));
        g.rollout(PROD, indexRollout(prodStart, 28));

        for (LocalDate day = LocalDate.parse("2026-08-11"); !day.isAfter(LocalDate.parse("2026-11-10"));
                day = day.plusWeeks(1)) {
            Instant when = at(day, 6, 0);
            evaluate(day, live(stagingLlm, when), live(stagingPrompt, when), live(stagingIndex, when));
        }
    }

    /** Each index goes live {@code hours} after its build; before {@code start} only the newest build counts. */
    private List<DemoGraph.Step> indexRollout(Instant start, int hours) {
        List<DemoGraph.Step> steps = new ArrayList<>();
        for (int i = 0; i < indexBuilds.size(); i++) {
            Instant live = indexBuilds.get(i).plusSeconds(3_600L * hours);
            if (!live.isAfter(start)) {
                steps.clear();
                live = start;
            }
            steps.add(new DemoGraph.Step(live, index(i + 1)));
        }
        return steps;
    }

    /** The weekly evaluation of what staging serves, on the golden questions current at the time. */
    private void evaluate(LocalDate day, NodeKey model, NodeKey prompt, NodeKey index) {
        Instant when = at(day, 6, 0);
        NodeKey golden = key(when.isBefore(at("2026-09-28T12:00")) ? "dataset:support-golden-qa@1"
                : "dataset:support-golden-qa@2");
        NodeKey run = g.add("run:eval-support-assistant@" + day, when, "status", "succeeded", "judge", "gpt-4o");
        g.link(run, USED, golden, model, prompt, index, latest(code, when));
        int tuned = model.equals(BASE_LLM) ? 0 : Integer.parseInt(model.version());
        int p = Integer.parseInt(prompt.version());
        int i = Integer.parseInt(index.version().substring(1));
        metric(day, run, golden, "faithfulness", 0.70 + 0.07 * tuned + 0.015 * p + 0.002 * i, model, prompt, index);
        metric(day, run, golden, "answer-relevance", 0.66 + 0.05 * tuned + 0.03 * p + 0.001 * i, model, prompt, index);
        metric(day, run, golden, "context-recall-at-5", 0.74 + 0.012 * i, model, prompt, index);
    }

    private void metric(LocalDate day, NodeKey run, NodeKey golden, String metric, double value, NodeKey... evaluated) {
        NodeKey e = g.add("evaluation:support-assistant-" + day + "-" + metric, at(day, 7, 0),
                "metric", metric.replace('-', '_'), "value", round(value), "questions", golden.toString());
        g.link(e, EVALUATES, evaluated);
        g.link(e, USED, golden);
        g.link(e, WAS_GENERATED_BY, run);
    }
}
