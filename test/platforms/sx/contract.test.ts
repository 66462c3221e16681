import { describePlatformContract } from "../contract-suite";
import { sxHarness } from "./harness";

describePlatformContract(sxHarness);
