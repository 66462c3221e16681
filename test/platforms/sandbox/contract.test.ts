import { describePlatformContract } from "../contract-suite";
import { sandboxHarness } from "./harness";

describePlatformContract(sandboxHarness);
