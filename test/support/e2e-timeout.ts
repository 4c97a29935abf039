// e2e tests drive real servers, browsers and deadlines; a generous per-test timeout, set once for the e2e project.
jest.setTimeout(120_000);
