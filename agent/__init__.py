"""The InterviewLab LiveKit worker: the AI interviewer."""
