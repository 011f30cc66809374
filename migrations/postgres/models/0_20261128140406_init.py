from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(320) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "full_name" VARCHAR(200),
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "resumes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "filename" VARCHAR(255) NOT NULL,
    "stored_name" VARCHAR(64) NOT NULL UNIQUE,
    "size_bytes" INT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "analysis" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_resumes_user_id_05c7a7" ON "resumes" ("user_id");
CREATE TABLE IF NOT EXISTS "interviews" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(200) NOT NULL,
    "job_description" TEXT,
    "status" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "completed_at" TIMESTAMPTZ,
    "question_plan" JSONB,
    "brain_state" JSONB,
    "state_version" INT NOT NULL,
    "prompt_version" VARCHAR(64),
    "current_problem_id" VARCHAR(100),
    "current_problem_language" VARCHAR(32),
    "overall_score" DOUBLE PRECISION,
    "feedback_error" TEXT,
    "resume_id" INT REFERENCES "resumes" ("id") ON DELETE SET NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_interviews_status_5e3165" ON "interviews" ("status");
CREATE INDEX IF NOT EXISTS "idx_interviews_user_id_2841b9" ON "interviews" ("user_id");
CREATE TABLE IF NOT EXISTS "code_submissions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "language" VARCHAR(32) NOT NULL,
    "code" TEXT NOT NULL,
    "problem_id" VARCHAR(100),
    "stdout" TEXT NOT NULL,
    "stderr" TEXT NOT NULL,
    "exit_code" INT,
    "execution_time_ms" INT NOT NULL,
    "timed_out" BOOL NOT NULL,
    "truncated" BOOL NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "tests" JSONB,
    "tests_passed" INT,
    "tests_total" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "delivered_to_agent_at" TIMESTAMPTZ,
    "interview_id" INT NOT NULL REFERENCES "interviews" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_code_submis_intervi_90a571" ON "code_submissions" ("interview_id");
CREATE TABLE IF NOT EXISTS "feedback" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "overall_score" DOUBLE PRECISION,
    "communication_score" DOUBLE PRECISION,
    "technical_score" DOUBLE PRECISION,
    "problem_solving_score" DOUBLE PRECISION,
    "code_quality_score" DOUBLE PRECISION,
    "skill_breakdown" JSONB NOT NULL,
    "strengths" JSONB NOT NULL,
    "improvements" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "rubric_version" VARCHAR(64) NOT NULL,
    "prompt_version" VARCHAR(64),
    "judge" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "interview_id" INT NOT NULL UNIQUE REFERENCES "interviews" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "questions_asked" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "question_key" VARCHAR(100) NOT NULL,
    "text" TEXT NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "asked_at" TIMESTAMPTZ NOT NULL,
    "interview_id" INT NOT NULL REFERENCES "interviews" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_questions_a_intervi_d90cee" UNIQUE ("interview_id", "question_key")
);
CREATE TABLE IF NOT EXISTS "transcript_messages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "seq" INT NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "started_at" TIMESTAMPTZ,
    "ended_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "latency" JSONB,
    "interview_id" INT NOT NULL REFERENCES "interviews" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_transcript__intervi_14fb81" UNIQUE ("interview_id", "seq")
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztnW1T2zYcwL9Kzq+6O9Zrw0N7u93uAoSVFUgHYeu11/MptpK4+CFYMpB1fPdJjp8tGc"
    "skwdb0pgVJf1v+SZb/TxI/NMczoY1eH5H/roKJYyFkea72S++H5gIHkh84LXZ6Glgs0npa"
    "gMHEDkUMUqSjpHFYCSYI+8DApH4KbARJkQmR4VsLvLqjG9g2LfQM0tByZ2lR4Fq3AdSxN4"
    "N4Dn1S8fUbKbZcEz5AFP+6uNGnFrTNXOctk947LNfxchGWnbr4JGxI7zbRDc8OHDdtvFji"
    "uecmrS0X09IZdKEPMKSXx35Au097Fz1x/ESrnqZNVl3MyJhwCgIbZx53oqdlmq5fjMb61X"
    "Cs65oAIIMwJnBJV1H49DPahZ/7b/fe7b3fPdh7T5qE3UxK3j2ubp2CWQmGeC7G2mNYDzBY"
    "tQgZp1Bt4M4CQG5SQns0Bz6bbVamQJh0vUg45lmFOC5IGafzahuQHfCg29Cd4Tn5dbdfQf"
    "SvweXRh8Hlq93+T/SGHnkNVu/JRVTTD6so9BQyfYfKgMfwgTN54/ZSwK2AOR5+HtMrOwjd"
    "2lmIr84Hn0O+zjKqORtd/B43z0A/OhsdFmAvfI+AcHTWcsGf03mpRuCjZaEt3POT+u2bNz"
    "VmNWnFndZhXR41wqYXYJGZnUpsb25rmiQzm8CDvi+IO5JQuIVxwwcL6+ylm6t25GSe1j46"
    "sIqsRf/IQoVGQDuhY8uBuoOE4DJkG0FuNLHfdAQxhWPqzIX50PNsCFw23pxcAeuECG6Ka1"
    "Ky3TXjcDQ6y60Zh6fFReH6/HBIPorhAkIaWRhyiPuBa4RUBIln5RRxAeIIAxww1g6+gpdK"
    "SKFVb9pkwRBhBt8/rkYXnLkcCxTwmpaBe//2bAt18OtXQZWSqFY5itoFZeMhPPPDq4QXKK"
    "ocIUR9ARBirSXcD2NRTCkejDU6ZIQ9DGxhsomUAlsGa/iQPrsOGPrGMamhagXHzZGTLK4b"
    "kejr+IcuLtLkAc2Ray+jWVBlwZyeD6/Gg/NPuTXleDAe0pp+zoSJS18dFNaZ5CK9v0/HH3"
    "r0196X0cWwuPQk7cZfNNonEGBPd717HZgZ/2ZcGlPLjboJbesO+mT0SCNAxgU3mADci6xh"
    "LrTsrevI0MdMKseePBP07yx4z/Sx8V3yBbFNWW5dc8/TgMf0humdT5CVMZ94PrRm7ke4DG"
    "mfkm4B12D5HaKgz2n2Wt2i/BhPpbg0vb8P7pNQUWmGEQjk0eHKiDgaXB0NjodayHsCjJt7"
    "4Jt6Djyt8fpeoSRpW65y+k6xBLhkITOjR6Edj/CfQGjSK2mMeFxSt1MViZtmW6kIXJde8Z"
    "2KCJxHvoDAtnVkkDea8Z7bHuAQLkkWYE+pqFSfyuPR9eHZsPfpcnh0enUaGWDJtzGszHsO"
    "LoeDs1IwznHIoxog9CSKU+fIK/Y12GNozCm6JrOdIauY12AeRzaRZ9+RbjQgz72C4l9rvT"
    "GhfhsA0mTZaLlhiSvyNcijG4t8HSfECL8xvXtXxJvJEH2WX7NZJPXXaeAaFGpvElg2tlz0"
    "mt72N23747ERdye5d+jBFnI054TaMSj0ftIMiuWQ9f4OOtAVCwAU5dTQrP99CRwH+MvyqF"
    "RkgKQiKgVEOAXEDya+ZejEzooTZeuGG8uSEoYdD/ZqhB0P9rhhR1pVUladBW4CvCwpXxLf"
    "+nl/D0yx3N9EQE3nGnhVbIyPXt7YWLAwG456XlKNeltGnREWi3rf0qhY5z3mpaCYSNSmVg"
    "Bt5MKxR/7ZRvjsRYdjg9GzZ0XEUqKMkFgONz8mlvRZ7Uvr3ju+UxEVwxa2hRTTREBCxbRf"
    "a/NOv2LzTr+8eee7R/ud9q7Emu9UYIjKYGxtfz9P+5KYS2uItoCuSaltZaa/PaizS62o5W"
    "U2qR0oE0x2ZbyOCUZeFL/ZqOclVSJieyyu8igbnrOgCmqjt7sgq0a6zSNNgKIw32ZhA6FA"
    "bklQbU9pHn+a0FvrVAlhqOb8MSiIqRF4TsScoOGHR7hmZ0lObZst7mNRoactx0YC36c7Pp"
    "qd18GWlo/7Rs7tKMJrcghQ1TXkG4b1b7BVad/bTQaMd0/o0Pc9oUNUypIyzO+tp9JAFDhQ"
    "LDaWk1F7b8s6S4CgL4Y0I6H23z25/47SYqzNolvvrqPLdItt3bhhZkqxQ4blZWANTC+TC3"
    "VrCahLNbf25biSHvQurs/OqnYyZnNGc0d35qkfRsInHy+hDTixHO6hoR1zd/PIMx1Nz4T1"
    "Z3SZAbpZHckhIysHIkQ0/meiGvvAXfXxfHU9mXAJ7SguK6t8snH2ytN8s5uL5VgqHwUTTf"
    "IvIyPZpPS28hNOkvVBB0njtWadfM3nLCX+6xu41L6plJQXTEnJDUUJL99TUpSTMEFlI14q"
    "TCxyETs9bi8F322b54s5QEL+v0RACtybzkJBXuAbQnxTCQkBr9+dGn6NG6QBZOVUik9bcg"
    "LqpPi0Kt/+pYf5f3sMVSsMkp0OnUMV+c0YVlDqUeObPyuvlEq2l8uymVrkywxYblm+fpKV"
    "kVBD6e/v10m539/np9zTumL2jkcPuxRFXRBbD+2XndAbzi1B1j9QnywxyzfJz5HKCSm9QB"
    "27/tTEXb+d2H6fhzRnexAFyV4iS+iMm6yMSmNtnsaqNuXwVxh5LXaVraKyVV7cNn8yW6VO"
    "UkV+23nz2LeIM6Sdn4xnhrwFnRflXAGGH4OZUMB3aeCkuZ5NaNhoVBfBWxXMfVGXBx2B+l"
    "Sj1somZNiEvid2UEPcXtmDUtiDKgYuC+6Nx8DVnvwGE71FNl7MpNLIgwRhkzHOyqkRbvMI"
    "K+cNfwmV13lDTFnoGozER763NCOinKXPOJBdJbqoRJd2OHd2OpToEroxGe6h2L3J9whRF6"
    "FKcZHL3wMdYDH+8C/ftksEpEu32O3XSdYnrSrSb0vJ+vSPT9975J0lJvFcyIYuCkpoS28k"
    "mWhKbiycSpQTkuEYgy0clKrsHT59ueydkmbY1lhg2+ZBre3Cmdzh5pRqb/vvDKJN6sAD6F"
    "vGXGNowVFNpR4M0jZKEZZFEW5wvp3cf8RqI8oZfakECEfNJaS7mfPrPPKtdBnqGN8XmRHZ"
    "/h8m7LgzUkAtWv/H7PE/oxqoYw=="
)
