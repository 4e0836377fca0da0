// Set per Jest project, so a test can prove which Express the suite ran against.
import express from "express";

const isExpress4 = typeof (express as unknown as { query?: unknown }).query === "function";
(globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR = isExpress4 ? 4 : 5;
