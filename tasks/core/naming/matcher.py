"""Indicator rules compiled for one catalogue, and the jieba tokenizer built from them.

The words of the catalogue (names, 别名) and of indicator_rules.yaml make up the whole jieba
dictionary, so a clause is cut into those words and single characters: a rule word matches
only as a whole word (救助 never inside 大病救助, 工会组织 never inside 新建工会组织).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

import jieba

from tasks.core.common.catalogue import Catalogue, per_catalogue
from tasks.core.common.gates import Gated
from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.cuts import Cut
from tasks.core.naming.segment import Segmenter
from tasks.core.naming.veto_lists import Vetoes, vetoes_of
from tasks.core.naming.wordsets import mentions, words_of

SCOPES: Final = ("local", "after", "ext", "before", "sentence", "context")
COUNT_TAILS: Final = ("数", "人数", "总数", "数量")  # 覆盖企业数 counts 覆盖企业
jieba.setLogLevel(60)  # jieba reports dictionary loading on stderr; the CLI output stays clean


@dataclass(frozen=True)
class Rule:
    """One way a clause can name an indicator (see indicator_rules.yaml for the fields)."""

    indicator: str
    near: frozenset[str] = frozenset()
    verb: frozenset[str] = frozenset()
    topic: tuple[str, ...] = ()
    topic_in: str = "context"
    after: frozenset[str] = frozenset()
    near_in: str = "local"
    priority: int = 0
    alias: bool = False  # a 别名: names the indicator on its own
    reach: int = 0  # at most this many characters between its word and the figure (0: any)
    units: frozenset[str] = frozenset()  # the measure words it takes, if fewer than its indicator's
    topic_found: re.Pattern | None = None  # any word of `topic`, in one search


@dataclass(frozen=True, eq=False)  # hashed by identity: per-matcher caches key on it
class Matcher:
    rules: tuple[Rule, ...]
    vetoes: dict
    units: dict  # indicator id → accepted measure words
    tokenizer: jieba.Tokenizer
    segmenter: Segmenter  # the tokenizer's words, found without jieba's per-call cost
    config: dict
    tier: Gated
    not_a_total: Gated  # left ends in a baseline (由) or a place (在): no indicator
    baseline_after: tuple[str, ...]  # right ends in one (…的基础上): a baseline too
    part_markers: tuple[str, ...]  # 其中, 包括: a breakdown of a total follows
    part_frame: re.Pattern  # 在签订的合同中，: a sentence opening on the set it breaks down
    part_frame_not: re.Pattern  # 在…活动中，: the frame is a drive or piece of work, no set
    bare_scale: re.Pattern  # 20多万, 24.75萬: a figure closed by 万/亿 with no unit
    money_before: re.Pattern  # 捐款, 慰问金 right before such a figure: it is money
    money_after: re.Pattern  # 专项资金 right after it
    bare_total: re.Pattern  # left holds only totalling words (共计, 累计达到)
    campaigns: tuple[str, ...]  # every campaign topic word (送温暖, 送清凉, 金秋助学 …)
    head_keeps: re.Pattern  # words naming workers that lift a not_head veto
    # word lists of indicator_rules.yaml, each searched as one pattern
    per_head: re.Pattern  # 每人, 人均: a share of a total
    per_head_after: re.Pattern  # 500元/人: an amount per head, written after its unit
    per_head_before: tuple[str, ...]  # 现金各100元: right before the number
    varying: re.Pattern  # 300—1000元不等: the bound of amounts that vary from head to head
    ceilings: tuple[str, ...]  # 不超过1000元: a figure opening with an upper bound is a ceiling
    rechecked: re.Pattern  # 重新确认, 回头看: existing items re-graded or re-checked (rule 14)
    honoured: re.Pattern  # 7家单位被命名为…: units counted as they receive an honour
    attending: re.Pattern  # 80余名职工代表参加会议: people counted as an audience
    visits: re.Pattern  # 组织50家企业参观学习…: units counted as they visit or are visited
    purpose_openers: tuple[str, ...]  # 投入30万元，开展…: a next clause saying what money paid for
    subgroup: re.Pattern  # 市直, 县直: a sentence about a group within the place's total
    multi_year: Gated  # 五年来, 历年: a total over several years
    single_year: re.Pattern  # 2021年, 今年: one year named after it
    awards: re.Pattern
    flow_words: re.Pattern
    stock_topic: re.Pattern
    newunion_topic: re.Pattern
    # A rule can only fit a clause holding one of its words: rules are tried by the words of
    # the clause instead of all of them for every figure.
    by_word: dict[str, frozenset[int]]  # word → indices in `rules` of the rules it triggers
    beyond_local: frozenset[int]  # rules whose words may stand outside the local clause
    beyond_local_words: re.Pattern  # any word of those rules
    by_unit: dict[str, frozenset[int]]  # normalised unit → rules of indicators accepting it
    by_indicator: dict[str, frozenset[int]]  # indicator → its rules

    def cut(self, text: str) -> Cut:
        """Words of `text` with their offsets."""
        return _cut(self.segmenter, text)

    def rules_near(self, text: str) -> frozenset[int]:
        """Indices in `rules` of the rules one of whose words `text` holds."""
        return _rules_near(self, text)


# Several checks of one figure cut the same clause, and reports repeat their phrasing.
@lru_cache(maxsize=8192)
def _cut(segmenter: Segmenter, text: str) -> Cut:
    out, pos = [], 0
    for word in segmenter.cut(text):
        out.append((word, pos, pos + len(word)))
        pos += len(word)
    cut = Cut(out)
    cut.words = frozenset(w for w, _, _ in out)
    return cut


@lru_cache(maxsize=8192)
def _rules_near(m: Matcher, text: str) -> frozenset[int]:
    return frozenset().union(*(m.by_word.get(t, ()) for t, _, _ in m.cut(text)))


def _topic(value, topics: dict) -> tuple[str, ...]:
    """A topic is a list of words or the name of a list in `topics`."""
    if isinstance(value, str) and value in topics:
        return tuple(topics[value])
    return words_of(value)


def _rules_of(ind_id: str, spec: dict, topics: dict) -> list[Rule]:
    out = []
    for r in spec.get("rules") or []:
        topic = _topic(r.get("topic"), topics)
        out.append(
            Rule(
                indicator=ind_id,
                near=frozenset(words_of(r.get("near"))),
                verb=frozenset(words_of(r.get("verb"))),
                topic=topic,
                topic_found=mentions(topic),
                topic_in=r.get("topic_in", "context"),
                after=frozenset(words_of(r.get("after"))),
                near_in=r.get("near_in", "local"),
                priority=int(r.get("priority", 0)),
                reach=int(r.get("reach", 0)),
                units=frozenset(r.get("units") or ()),
            )
        )
    return out


def _build_tokenizer(words: set[str]) -> jieba.Tokenizer:
    """A jieba tokenizer whose dictionary is exactly `words` (no default dictionary to load)."""
    tk = jieba.Tokenizer()
    lines = "\n".join(f"{w} 1000" for w in sorted(words) if w and " " not in w)
    tk.FREQ, tk.total = jieba.Tokenizer.gen_pfdict(io.BytesIO(lines.encode("utf-8")))
    tk.initialized = True
    return tk


@per_catalogue
def compile_catalogue(catalogue: Catalogue) -> Matcher:
    """Rules, vetoes, units and tokenizer for `catalogue` (built once per catalogue)."""
    config = load_yaml("indicator_rules.yaml")
    topics = config.get("topics", {})
    specs = config.get("indicators", {})
    rules: list[Rule] = []
    vetoes: dict[str, Vetoes] = {}
    for ind in catalogue.indicators:
        names = frozenset(words_of([ind.name, *ind.aliases]))
        rules.append(Rule(ind.id, near=names, alias=True))
        spec = specs.get(ind.id, {})
        rules += _rules_of(ind.id, spec, topics)
        vetoes[ind.id] = vetoes_of(spec, topics)
    words = set(config.get("shields", [])) | set(config.get("right_verbs", []))
    words |= set(config.get("part_markers", [])) | set(config.get("per_head", []))
    words |= set(config.get("predicate_verbs", []))
    for r in rules:
        words |= r.near | r.verb
    rules = [_with_counted_nears(_with_compound_verbs(r, words), words) for r in rules]
    units = {
        i.id: _accepted_units(i.units or _family(i.unit, config)) for i in catalogue.indicators
    }
    tokenizer = _build_tokenizer(words)
    return Matcher(
        rules=tuple(rules),
        vetoes=vetoes,
        units=units,
        tokenizer=tokenizer,
        segmenter=Segmenter(tokenizer),
        config=config,
        tier=Gated(re.compile(config["tier_pattern"])),
        not_a_total=Gated(re.compile(config["not_a_total_pattern"])),
        baseline_after=tuple(config.get("baseline_after", ())),
        part_markers=tuple(config.get("part_markers", ())),
        part_frame=re.compile(config["part_frame_pattern"]),
        part_frame_not=re.compile(
            "(?:" + "|".join(map(re.escape, config["part_frame_not"])) + ")中[，,]$"
        ),
        # the multipliers a figure may end with, no unit written (units.yaml), and a gloss
        bare_scale=re.compile(
            "[" + "".join(load_yaml("units.yaml")["bare_multipliers"]) + r"](?:\s*\([^)]*\))?\s*$"
        ),
        money_before=re.compile(
            "(?:" + "|".join(map(re.escape, config["money_before"])) + ")(?:共计|共|达|了)?$"
        ),
        # the money noun may follow what the money is for (350万疗休养专项资金)
        money_after=re.compile(
            r"[^\d，,。；;、：:（(“”\s]{0,6}?(?:"
            + "|".join(map(re.escape, config["money_after"]))
            + ")"
        ),
        bare_total=re.compile(config["bare_total_pattern"]),
        campaigns=tuple(w for name in config["campaign_topics"] for w in topics[name]),
        head_keeps=_head_keeps(config),
        per_head=re.compile(
            f"{mentions(config['per_head']).pattern}|{config['entitlement_pattern']}"
        ),
        per_head_after=re.compile(
            r"\s*[/／]\s*(?:" + "|".join(map(re.escape, config["per_head_after"])) + ")"
        ),
        per_head_before=tuple(config["per_head_before"]),
        varying=re.compile(r"\s*(?:" + "|".join(map(re.escape, config["varying_after"])) + ")"),
        ceilings=tuple(load_yaml("qualifiers.yaml")["ceilings"]),
        rechecked=mentions(config["recheck_words"]),
        honoured=re.compile(config["honoured_pattern"]),
        attending=re.compile(config["attendance_pattern"]),
        visits=mentions(words_of(config.get("visit_words"))),
        purpose_openers=tuple(config.get("purpose_openers") or ()),
        subgroup=mentions(config["subgroup_openers"]),
        multi_year=Gated(re.compile(config["multi_year_pattern"])),
        single_year=re.compile(config["single_year_pattern"]),
        awards=mentions(config.get("award_words", ())),
        flow_words=mentions(config.get("flow_words", ())),
        stock_topic=mentions(topics["stock"]),
        newunion_topic=mentions(topics["newunion"]),
        by_word=_by_word(rules),
        beyond_local=frozenset(k for k, r in enumerate(rules) if r.near_in == "ext"),
        beyond_local_words=mentions(
            word for r in rules if r.near_in == "ext" for word in sorted(r.near or r.verb)
        ),
        by_unit=_by_unit(rules, units),
        by_indicator=_by_indicator(rules),
    )


def _with_compound_verbs(rule: Rule, words: set[str]) -> Rule:
    """A verb of the dictionary made of two of the rule's verbs (走访慰问, 看望慰问), or of one
    of them and a word of its topic (签订集体合同: another indicator's alias), is one of them:
    another rule's compound would otherwise hide the rule's own verb from the tokenizer."""
    if not rule.verb:
        return rule
    tails = rule.verb.union(rule.topic)
    compounds = {
        w
        for w in words
        if w not in rule.verb
        and any(w[:i] in rule.verb and w[i:] in tails for i in range(1, len(w)))
    }
    return replace(rule, verb=rule.verb | compounds) if compounds else rule


def _with_counted_nears(rule: Rule, words: set[str]) -> Rule:
    """A word of the dictionary that is one of the rule's near words with a counting tail
    (覆盖企业数: another indicator's word) is that near word: the count of what it names."""
    counted = {w + t for w in rule.near for t in COUNT_TAILS} & (words - rule.near)
    return replace(rule, near=rule.near | counted) if counted else rule


def _by_word(rules: list[Rule]) -> dict[str, frozenset[int]]:
    """The words `_nearest` looks for: a rule's near words, else its verbs."""
    index: dict[str, set[int]] = {}
    for k, r in enumerate(rules):
        for word in r.near or r.verb:
            index.setdefault(word, set()).add(k)
    return {word: frozenset(ks) for word, ks in index.items()}


def _by_unit(rules: list[Rule], units: dict) -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for k, r in enumerate(rules):
        for unit in r.units or units.get(r.indicator, ()):
            index.setdefault(unit, set()).add(k)
    return {unit: frozenset(ks) for unit, ks in index.items()}


def _by_indicator(rules: list[Rule]) -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for k, r in enumerate(rules):
        index.setdefault(r.indicator, set()).add(k)
    return {name: frozenset(ks) for name, ks in index.items()}


def _head_keeps(config: dict) -> re.Pattern:
    """职工 keeps a figure on workers, but not in 职工子女 (the children are counted)."""
    keeps = "|".join(map(re.escape, config["head_keeps"]))
    drops = "|".join(map(re.escape, config.get("head_keep_blockers", [])))
    return re.compile(f"(?:{keeps})(?!{drops})" if drops else f"(?:{keeps})")


def _accepted_units(units: tuple[str, ...]) -> frozenset[str]:
    """A count written without a measure word (近3亿工会会员) may be any count, never money or a rate."""
    if "元" in units or "%" in units:
        return frozenset(units)
    return frozenset((*units, ""))


def _family(unit: str, config: dict) -> tuple[str, ...]:
    return tuple(config["unit_families"].get(unit, [unit]))
