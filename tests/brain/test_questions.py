"""What a question is about: its skill named as the skills taxonomy knows it, and its topic's words."""

from __future__ import annotations

from agent.brain.questions import QuestionSpec


def skill_question(skill: str) -> QuestionSpec:
    return QuestionSpec(
        f"plan:{skill}",
        "technical",
        "matched_skill",
        f"{skill} in production",
        "job_description",
        skill=skill,
    )


def test_a_skill_is_named_by_its_aliases_too():
    kafka = skill_question("Apache Kafka")
    said = "For the Kafka pipeline I designed the consumer groups; lag fell to two seconds."
    assert kafka.names_skill(said) and kafka.already_covered_by(said) and kafka.answered_by(said)
    assert skill_question("PostgreSQL").names_skill("we ran everything on postgres 15")


def test_an_ambiguous_alias_in_plain_speech_does_not_name_the_skill():
    golang = skill_question("Go")
    assert not golang.names_skill("Let's go with a hash map, then sort the keys.")
    assert golang.names_skill("I wrote the service in Go with goroutines and channels.")


def test_a_skill_the_taxonomy_does_not_know_is_named_as_written():
    tool = skill_question("Frobnicator 3000")
    assert tool.names_skill("I used frobnicator 3000 daily") and not tool.names_skill("I used a frobnicator")


def test_a_narrower_skill_names_the_broader_one():
    # The taxonomy reports the longest match ("Kafka Streams"), which is still Kafka.
    assert skill_question("Apache Kafka").names_skill("We joined the streams with Kafka Streams and RocksDB.")
    assert not skill_question("Apache Kafka").names_skill("We used RabbitMQ with quorum queues.")
