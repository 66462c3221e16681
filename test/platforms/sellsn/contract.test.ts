import { describePlatformContract } from "../contract-suite";
import { sellsnHarness } from "./harness";

describePlatformContract(sellsnHarness);
