// Entry point for `pulumi up -s <env>`: Pulumi calls the exported function and exports what it returns.
import { platformProgram } from "./program";

export = () => platformProgram();
