/** The strata CLI: loads definitions, gathers observations, plans, executes, reports. */
export {}
