// The translation unit that builds confab-test-pch's precompiled header.
