@uc:master-data
Feature: Master data management (IEC 61968-9:2013 clause 5.10, Annexes K and L; 2024 clause 5.8, Annexes I and J)
  The systems of record — the meter asset management (MAM) for meters, end devices and communication
  modules, the CIS for usage points, their locations and the links between meters and usage points — send
  their master data to the MDM. Each 2024 Annex J sample is a four-step exchange: (1) the request with
  AsyncReplyFlag, ReplyAddress and MessageID; (2) the MDM's synchronous acknowledgement; (3) the result, with
  the past tense of the verb, at the ReplyAddress with the request's CorrelationID; (4) the requester's
  acknowledgement of it. What each step must be is assumption UC-30, detailed by CIM9-10 (step 2), CIM9-11
  (step 3) and CIM9-12 (step 4). After every change, Get requests read the MDM's master data back: an OK
  alone proves nothing. Steps that name no mode use the four-step exchange when the SUT claims asynchronous
  replies (pics.<role>.asyncReplies), the synchronous one otherwise. After a change the MDM tells its registered
  subscribers (use-cases.md §0.3 P2 / P4, UC-29); the suite checks it when it is one of them
  (pics.<role>.publishes (master data): <listener>/masterdata), and only notes it otherwise.

  # ------------------------------------------------------------------ the Annex J samples, four steps each

  @usecase:MD-04 @usecase:MD-02 @pattern:P1a
  @clause:2024:J.2.2 @clause:2013:5.10 @role:MDM @edition:2013 @edition:2024 @req:MD-04.1 @cap:async
  Scenario: Create MeterConfig for two meters (four steps)
    Given 2 new meters described by the MAM
    When the MAM sends "create" "MeterConfig" for the meters to the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the MAM acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-02 @pattern:P1a
  @clause:2024:J.2.6 @clause:2013:5.10 @role:MDM @edition:2013 @edition:2024 @req:MD-04.2 @cap:async
  Scenario: Update MeterConfig: add MeterMultipliers, modify formNumber and ConfigurationEvent (four steps)
    Given a meter created at the MDM
    When the MAM sends "change" "MeterConfig" for the meter to the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the MAM acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-02 @pattern:P1a
  @clause:2024:J.2.10 @clause:2013:AnnexK @role:MDM @edition:2013 @edition:2024 @req:MD-04.3 @cap:async
  Scenario: Update MeterConfig: delete details — one MeterMultiplier goes, the meter stays (four steps, UC-31)
    Given a meter created at the MDM
    And the MeterMultipliers of the meter added at the MDM
    When the MAM deletes one of the MeterMultipliers of the meter at the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the MAM acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-02 @pattern:P1a
  @clause:2024:J.2.14 @clause:2013:5.10 @role:MDM @edition:2013 @edition:2024 @req:MD-04.4 @cap:async
  Scenario: Delete MeterConfig: a later Get finds no such meter (four steps, UC-34)
    Given a meter created at the MDM
    When the MAM sends "delete" "MeterConfig" for the meter to the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the MAM acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-02 @pattern:P1a
  @clause:2024:J.2.18 @clause:2013:5.10 @role:MDM @edition:2013 @edition:2024 @req:MD-04.5 @cap:async
  Scenario: Create UsagePointConfig (four steps)
    Given a new usage point described by the CIS
    When the CIS sends "create" "UsagePointConfig" for the usage point to the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the CIS acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-01 @pattern:P1a
  @clause:2024:J.2.22 @clause:2013:5.10.1 @role:MDM @edition:2013 @edition:2024 @req:MD-04.6 @cap:async
  Scenario: Create MasterDataLinkageConfig: the meter is linked to the usage point as of its effective date (four steps)
    Given a meter created at the MDM
    And a usage point created at the MDM
    When the CIS links the meter to the usage point at the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the CIS acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-01 @pattern:P1a
  @clause:2024:J.2.26 @clause:2013:5.10.1 @role:MDM @edition:2013 @edition:2024 @req:MD-04.7 @cap:async
  Scenario: Delete MasterDataLinkageConfig: the link between meter and usage point ends (four steps, PAY-14)
    Given a meter created at the MDM
    And a usage point created at the MDM
    And the meter linked to the usage point at the MDM
    When the CIS ends the link between the meter and the usage point at the MDM with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the CIS acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @usecase:MD-03 @pattern:P3
  @clause:2024:J.2.30 @clause:2013:AnnexK @role:MDM @edition:2013 @edition:2024 @req:MD-04.8 @cap:async
  Scenario: Execute an OperationSet: meter, usage point and their link in one ordered transaction (four steps, UC-32)
    When the MAM executes an OperationSet creating a meter, a usage point and their link with AsyncReplyFlag
    Then step 2: the MDM acknowledges the request
    And step 3: the MDM delivers the result to the ReplyAddress
    And step 4: the MAM acknowledges the result
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-04 @pattern:P1a
  @clause:2024:J.2.34 @role:MDM @edition:2024 @req:MD-04.9 @cap:object-names
  Scenario: Change ObjectNamesConfig: the meter gets a new name, its mRID stays (UC-33)
    Given a meter created at the MDM
    When the CIS renames the meter with "change" "ObjectNamesConfig"
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  # ------------------------------------------------------------------ the synchronous variant

  @usecase:MD-03 @usecase:MD-02 @pattern:P1
  @clause:2013:AnnexK @role:MDM @edition:2013 @edition:2024 @req:MD-03.1
  Scenario: Create MeterConfig without AsyncReplyFlag: the reply is final
    Given 1 new meter described by the MAM
    When the MAM sends "create" "MeterConfig" for the meter to the MDM without AsyncReplyFlag
    Then the MDM replies with Result "OK"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-03 @pattern:P3
  @clause:2013:AnnexK @role:MDM @edition:2013 @edition:2024 @req:MD-03.2
  Scenario: Execute an OperationSet without AsyncReplyFlag: the reply is final
    When the MAM executes an OperationSet creating a meter, a usage point and their link without AsyncReplyFlag
    Then the MDM replies with Result "OK"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  # ------------------------------------------------------------------ the other config nouns: create, change, get

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2024:5.8 @role:MDM @edition:2013 @edition:2024 @req:MD-02.1
  Scenario: UsagePointLocationConfig: create, change and read back a usage point location (PAY-13)
    Given a new usage point location described by the CIS
    When the CIS sends "create" "UsagePointLocationConfig" for the usage point location to the MDM
    Then the MDM accepts the request
    When the CIS sends "change" "UsagePointLocationConfig" for the usage point location to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2024:5.8 @role:MDM @edition:2013 @edition:2024 @req:MD-02.2
  Scenario: EndDeviceConfig: create, change and read back an end device
    Given a new end device described by the MAM
    When the MAM sends "create" "EndDeviceConfig" for the end device to the MDM
    Then the MDM accepts the request
    When the MAM sends "change" "EndDeviceConfig" for the end device to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2024:5.8 @role:MDM @edition:2013 @edition:2024 @req:MD-02.3
  Scenario: ComModuleConfig: create, change and read back a communication module (PAY-15)
    Given a new communication module described by the MAM
    When the MAM sends "create" "ComModuleConfig" for the communication module to the MDM
    Then the MDM accepts the request
    When the MAM sends "change" "ComModuleConfig" for the communication module to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  # ------------------------------------------------------------------ the 2013 customer-side nouns (2013 figs. 54–58, 62, 63)
  # No public schema: the profiles are reconstructed from the CIM classes (CIM9-279..285) and read back with a
  # proposed Get<Noun> (CIM9-286); a profile that does not run the 2013 edition has none of these nouns.
  # 2013 only (@edition-only:customer-nouns): the 2024 edition no longer lists these configuration nouns (payloads.md
  # §0.5), although MD-01 and MD-02 themselves go on.

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-02.4
  Scenario Outline: <noun>: create, read back, change and delete a <subject> (2013, CIM9-279..286)
    Given a new <subject> described by the CIS
    When the CIS sends "create" "<noun>" for the <subject> to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    When the CIS sends "change" "<noun>" for the <subject> to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    When the CIS sends "delete" "<noun>" for the <subject> to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

    Examples:
      | noun                    | subject            |
      | ServiceSupplierConfig   | service supplier   |
      | CustomerConfig          | customer           |
      | CustomerAgreementConfig | customer agreement |
      | CustomerAccountConfig   | customer account   |
      | ServiceCategoryConfig   | service category   |
      | ServiceLocationConfig   | service location   |
      | PricingStructureConfig  | pricing structure  |

  @usecase:MD-01 @pattern:P1
  @clause:2013:5.10.1 @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-01.5
  Scenario Outline: The <subject> linked to a usage point: a GetUsagePointConfig by the <subject> shows the usage point (2013)
    Given a <subject> created at the MDM
    And a usage point created at the MDM
    When the CIS links the <subject> to the usage point at the MDM
    Then the MDM accepts the request
    And a GetUsagePointConfig by the <subject> shows the usage point

    Examples:
      | subject            |
      | customer           |
      | customer account   |
      | customer agreement |
      | service location   |

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-CUST
  Scenario Outline: <noun>: a change and a delete of a <subject> the MDM does not know are refused with its "invalid" code (2013, CIM9-287)
    Given a <subject> created at the MDM
    When the CIS sends "change" "<noun>" for a <subject> unknown to the MDM
    Then the MDM refuses the request with the Annex B code of an unknown <subject> (CIM9-287)
    And the subscribers of the MDM are told of nothing (UC-29)
    When the CIS sends "delete" "<noun>" for a <subject> unknown to the MDM
    Then the MDM refuses the request with the Annex B code of an unknown <subject> (CIM9-287)
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

    Examples:
      | noun                    | subject            |
      | ServiceSupplierConfig   | service supplier   |
      | CustomerConfig          | customer           |
      | CustomerAgreementConfig | customer agreement |
      | CustomerAccountConfig   | customer account   |
      | ServiceCategoryConfig   | service category   |
      | ServiceLocationConfig   | service location   |
      | PricingStructureConfig  | pricing structure  |

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-CUST-EMPTY
  Scenario Outline: <noun>: a create that carries no <subject> is refused as missing its mandatory element (2013, CIM9-288)
    Given a <subject> created at the MDM
    When the CIS sends "create" "<noun>" carrying no <subject> to the MDM
    Then the MDM refuses the create that carries nothing to create (CIM9-288)
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

    Examples:
      | noun                    | subject            |
      | ServiceSupplierConfig   | service supplier   |
      | CustomerConfig          | customer           |
      | CustomerAgreementConfig | customer agreement |
      | CustomerAccountConfig   | customer account   |
      | ServiceCategoryConfig   | service category   |
      | ServiceLocationConfig   | service location   |
      | PricingStructureConfig  | pricing structure  |

  # A link needs its objects (use-cases.md §9.1): one naming a customer-side object the MDM was never told of (no
  # create of its config noun) is refused with the "invalid …" code of its class or 2.29 (CIM9-295), one naming a usage
  # point it does not know with 2.12; nothing is published, the object is not made up (Get) and, where a
  # GetUsagePointConfig filter reads the link, the usage point is not shown linked.
  @usecase:MD-01 @pattern:P1
  @clause:2013:5.10.1 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-LINK-CUST
  Scenario Outline: A link of a <subject> the MDM does not know with a usage point is refused (2013, CIM9-295)
    Given a usage point created at the MDM
    When the CIS links a <subject> unknown to the MDM with the usage point at the MDM
    Then the MDM refuses the link with the Annex B code of an unknown <subject> (CIM9-295)
    And the subscribers of the MDM are told of nothing (UC-29)
    And Get requests show the master data as expected
    And a GetUsagePointConfig by the <subject> shows no usage point of the refused link

    Examples:
      | subject            |
      | customer           |
      | customer account   |
      | customer agreement |
      | service location   |

  # No Get filter reads these links back (see MD-01.6): the read-back is that the unknown object is not made up and the
  # known one is unchanged.
  @usecase:MD-01 @pattern:P1
  @clause:2013:5.10.1 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-LINK-CUST
  Scenario Outline: A link of a <unknown> the MDM does not know with a <known> is refused (2013, CIM9-295)
    Given a <known> created at the MDM
    When the CIS links a <unknown> unknown to the MDM with the <known> at the MDM
    Then the MDM refuses the link with the Annex B code of an unknown <unknown> (CIM9-295)
    And the subscribers of the MDM are told of nothing (UC-29)
    And Get requests show the master data as expected

    Examples:
      | unknown           | known              |
      | customer account  | customer agreement |
      | pricing structure | usage point        |
      | service supplier  | usage point        |

  @usecase:MD-01 @pattern:P1
  @clause:2013:5.10.1 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-LINK-CUST-UP
  Scenario Outline: A link of a <subject> with a usage point the MDM does not know is refused (2.12, 2013)
    Given a <subject> created at the MDM
    When the CIS links the <subject> with a usage point unknown to the MDM at the MDM
    Then the MDM refuses the request with the Annex B code for "unknownUsagePoint"
    And the subscribers of the MDM are told of nothing (UC-29)
    And Get requests show the master data as expected
    And a GetUsagePointConfig by the <subject> shows no usage point of the refused link

    Examples:
      | subject          |
      | customer account |
      | service location |

  # No Get filter of the 2013 profiles reads back a link between an agreement and its account, or between a pricing
  # structure or a service supplier and a usage point (GetUsagePointConfig has no PricingStructure or ServiceSupplier,
  # GetCustomerAgreementConfig no CustomerAccount filter): the MDM's publication to its subscribers is what shows the
  # link (UC-29).
  @usecase:MD-01 @pattern:P2
  @clause:2013:5.10.1 @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-01.6 @cap:md-publication
  Scenario Outline: The link of a <a> with a <b>: the MDM tells its subscribers of it, naming both (2013, UC-29)
    Given a <a> created at the MDM
    And a <b> created at the MDM
    When the CIS links the <a> with the <b> at the MDM
    Then the MDM accepts the request
    And the subscribers of the MDM are told of the change once (UC-29)

    Examples:
      | a                  | b                |
      | customer agreement | customer account |
      | pricing structure  | usage point      |
      | service supplier   | usage point      |

  # ------------------------------------------------------------------ the usage point's ServiceSupplier outside a customer switch (2013)
  # A UsagePoint names its ServiceSupplier (payloads.md §10.2, 0..1). Outside a switch (CS-01, switching.feature) the MDM
  # keeps the supplier a usage point is created with, and a change that does not name it leaves it (use-cases.md §9.2:
  # "change only changes what was sent"); a usage point naming a supplier the MDM was never told of, or one deleted
  # before ("delete makes later references fail with the 'invalid …' code"), is refused with a code of CIM9-242 and
  # not created. ServiceSupplierConfig is a 2013 noun: 2013 only (@edition-only:customer-nouns).

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-02.5
  Scenario: A usage point created with its service supplier keeps it, and a change that does not name the supplier leaves it (2013)
    Given a service supplier created at the MDM
    And a new usage point of the service supplier described by the CIS
    When the CIS sends "create" "UsagePointConfig" for the usage point to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    When the CIS sends "change" "UsagePointConfig" for the usage point to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-UP-SUPPLIER
  Scenario: A usage point naming a service supplier the MDM was never told of is refused and not created (2013, CIM9-242)
    Given a service supplier created at the MDM
    When the CIS sends "create" "UsagePointConfig" for a usage point naming a service supplier unknown to the MDM
    Then the MDM refuses the usage point with the Annex B code of an unknown service supplier (CIM9-242)
    And the subscribers of the MDM are told of nothing (UC-29)
    And Get requests show the master data as expected

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @clause:2013:AnnexB @role:MDM @edition:2013 @edition-only:customer-nouns @req:MD-NEG-UP-SUPPLIER
  Scenario: After the delete of a service supplier, a usage point naming it is refused and not created (2013, CIM9-242)
    Given a service supplier created at the MDM
    When the CIS sends "delete" "ServiceSupplierConfig" for the service supplier to the MDM
    Then the MDM accepts the request
    When the CIS sends "create" "UsagePointConfig" for a usage point naming the service supplier
    Then the MDM refuses the usage point with the Annex B code of an unknown service supplier (CIM9-242)
    And the subscribers of the MDM are told of nothing (UC-29)
    And Get requests show the master data as expected

  # ------------------------------------------------------------------ the usage point's PricingStructures (2024)
  # The 2024 edition lists no PricingStructureConfig (payloads.md §0.5: the customer-side nouns are not in its Annex G):
  # a pricing structure reaches the MDM as the PricingStructures of a UsagePoint (payloads.md §10.2, 0..1), kept in 2024
  # as in 2013 (CIM9-245). In 2013 the pricing structure is a noun of its own (MD-02.4), its link with a usage point is
  # MD-01.6, and a change of program through it is EDC-03.

  @usecase:MD-02 @pattern:P1
  @clause:2024:5.8 @role:MDM @edition:2024 @req:MD-02.6
  Scenario: A usage point created with its pricing structure keeps it, and a change moves it to another one (2024, CIM9-245)
    Given a new usage point with a pricing structure described by the CIS
    When the CIS sends "create" "UsagePointConfig" for the usage point to the MDM
    Then the MDM accepts the request
    And Get requests show the master data as expected
    When the CIS sends "change" "UsagePointConfig" moving the usage point to another pricing structure
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  # ------------------------------------------------------------------ OperationSet integrity (ENV-06, ENV-20)

  @usecase:MD-03 @pattern:P3
  @clause:2013:AnnexK @clause:2024:AnnexI @role:MDM @edition:2013 @edition:2024 @req:MD-03.3
  Scenario: One failing operation aborts a transactional OperationSet: nothing of the set is applied (ENV-20)
    When the MAM executes a transactional OperationSet creating a meter, a usage point and a link of the meter to a usage point unknown to the MDM
    Then the MDM refuses the whole OperationSet, naming operation 3
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-03 @pattern:P3
  @clause:2013:AnnexK @clause:2024:AnnexI @role:MDM @edition:2013 @edition:2024 @req:MD-03.4
  Scenario: Without transactional integrity the valid operations are applied and the failing one is reported (ENV-06)
    When the MAM executes an OperationSet without transactional integrity creating a meter and a link of it to a usage point unknown to the MDM
    Then the MDM applies the other operations and reports operation 2 as failed
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

  # ------------------------------------------------------------------ business rules (Annex B codes)

  @usecase:MD-01 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-2.4
  Scenario: A link to a meter the MDM does not know is refused (2.4)
    Given a usage point created at the MDM
    When the CIS links a meter unknown to the MDM to the usage point at the MDM
    Then the MDM refuses the request with the Annex B code for "unknownMeter"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-01 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-2.12
  Scenario: A link to a usage point the MDM does not know is refused (2.12)
    Given a meter created at the MDM
    When the CIS links the meter to a usage point unknown to the MDM at the MDM
    Then the MDM refuses the request with the Annex B code for "unknownUsagePoint"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-01 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-2.13
  Scenario: A meter already linked to a usage point cannot be linked to another one (2.13, CIM9-14)
    Given a meter created at the MDM
    And a usage point created at the MDM
    And a second usage point created at the MDM
    And the meter linked to the usage point at the MDM
    When the CIS links the meter to the second usage point at the MDM
    Then the MDM refuses the request with the Annex B code for "linkedElsewhere"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-01 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-2.29
  Scenario: Ending a link that does not exist is refused (2.29, CIM9-14)
    Given a meter created at the MDM
    And a usage point created at the MDM
    And a second usage point created at the MDM
    And the meter linked to the usage point at the MDM
    When the CIS ends the link between the meter and the second usage point at the MDM
    Then the MDM refuses the request with the Annex B code for "relationshipMismatch"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:5.10 @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-DUP
  Scenario: A create of a meter that already exists does not change it (CIM9-13)
    Given a meter created at the MDM
    When the MAM sends "create" "MeterConfig" for the meter again, with another serial number
    Then the MDM does not accept the duplicate create
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-DEL
  Scenario: A delete of a meter the MDM does not know is refused (2.4)
    When the MAM sends "delete" "MeterConfig" for a meter unknown to the MDM
    Then the MDM refuses the request with the Annex B code for "unknownMeter"
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-CHG
  Scenario: A change of a usage point the MDM does not know is refused (2.12)
    When the CIS sends "change" "UsagePointConfig" for a usage point unknown to the MDM
    Then the MDM refuses the request with the Annex B code for "unknownUsagePoint"
    And the subscribers of the MDM are told of nothing (UC-29)

  @usecase:MD-02 @pattern:P1
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:2024 @req:MD-NEG-1.8
  Scenario: A change that does not validate against its schema is refused and changes nothing (1.8)
    Given a meter created at the MDM
    When the MAM sends "change" "MeterConfig" for the meter with an element its schema does not define
    Then the MDM refuses the request with the Annex B code for "schemaInvalid"
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of nothing (UC-29)

  # ------------------------------------------------------------------ the MDM as publisher (UC-29)
  # After a change, the MDM tells its registered subscribers — here the suite as the metering system the MDM
  # forwards master data to (CIS → MDM → MS) — with the past tense of the change (use-cases.md §0.3 P2), or
  # `executed` with the OperationSet applied (P4); each subscriber acknowledges (reply, OK). The suite is a
  # subscriber when <listener.publicUrl>/masterdata is registered at the MDM (pics.<role>.publishes (master data))
  # or when UC-29 = always. The publication must show the objects as the follow-up Get shows them.

  @usecase:MD-02 @pattern:P2
  @clause:2013:AnnexK @clause:2024:AnnexI @clause:2013:5.10 @clause:2024:5.8 @role:MDM @edition:2013 @edition:2024 @req:MD-PUB-1 @cap:md-publication
  Scenario Outline: The MDM tells its subscribers "<event>" after "<verb>" "<noun>" (<exchange>, UC-29)
    Given <precondition>
    When the <peer> sends "<verb>" "<noun>" for the <subject> to the MDM <mode>
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

    @cap:async
    Examples: four steps
      | precondition                           | peer | verb   | noun             | subject     | mode                | event            | exchange   |
      | 1 new meter described by the MAM       | MAM  | create | MeterConfig      | meter       | with AsyncReplyFlag | created (P2)     | four steps |
      | a meter created at the MDM             | MAM  | change | MeterConfig      | meter       | with AsyncReplyFlag | changed (P2)     | four steps |
      | a meter created at the MDM             | MAM  | delete | MeterConfig      | meter       | with AsyncReplyFlag | deleted (P2)     | four steps |
      | a new usage point described by the CIS | CIS  | create | UsagePointConfig | usage point | with AsyncReplyFlag | created (P2)     | four steps |

    Examples: synchronous
      | precondition                           | peer | verb   | noun             | subject     | mode                   | event            | exchange    |
      | 1 new meter described by the MAM       | MAM  | create | MeterConfig      | meter       | without AsyncReplyFlag | created (P2)     | synchronous |
      | a meter created at the MDM             | MAM  | change | MeterConfig      | meter       | without AsyncReplyFlag | changed (P2)     | synchronous |
      | a meter created at the MDM             | MAM  | delete | MeterConfig      | meter       | without AsyncReplyFlag | deleted (P2)     | synchronous |
      | a new usage point described by the CIS | CIS  | create | UsagePointConfig | usage point | without AsyncReplyFlag | created (P2)     | synchronous |

  @usecase:MD-01 @pattern:P2
  @clause:2013:5.10.1 @clause:2024:J.2.22 @role:MDM @edition:2013 @edition:2024 @req:MD-PUB-2 @cap:md-publication
  Scenario Outline: The MDM tells its subscribers of a new link between a meter and a usage point (<exchange>, UC-29)
    Given a meter created at the MDM
    And a usage point created at the MDM
    When the CIS links the meter to the usage point at the MDM <mode>
    Then the MDM accepts the request
    And the subscribers of the MDM are told of the change once (UC-29)

    @cap:async
    Examples: four steps
      | mode                | exchange   |
      | with AsyncReplyFlag | four steps |

    Examples: synchronous
      | mode                   | exchange    |
      | without AsyncReplyFlag | synchronous |

  @usecase:MD-01 @pattern:P2
  @clause:2013:5.10.1 @clause:2024:J.2.26 @role:MDM @edition:2013 @edition:2024 @req:MD-PUB-3 @cap:md-publication
  Scenario Outline: The MDM tells its subscribers that a link ended (<exchange>, PAY-14, UC-29)
    Given a meter created at the MDM
    And a usage point created at the MDM
    And the meter linked to the usage point at the MDM
    When the CIS ends the link between the meter and the usage point at the MDM <mode>
    Then the MDM accepts the request
    And the subscribers of the MDM are told of the change once (UC-29)

    @cap:async
    Examples: four steps
      | mode                | exchange   |
      | with AsyncReplyFlag | four steps |

    Examples: synchronous
      | mode                   | exchange    |
      | without AsyncReplyFlag | synchronous |

  @usecase:MD-03 @pattern:P4
  @clause:2013:AnnexK @clause:2024:J.2.30 @role:MDM @edition:2013 @edition:2024 @req:MD-PUB-4 @cap:md-publication
  Scenario Outline: The MDM tells its subscribers "executed" with the OperationSet it applied (<exchange>, P4, UC-29)
    When the MAM executes an OperationSet creating a meter, a usage point and their link <mode>
    Then the MDM accepts the request
    And Get requests show the master data as expected
    And the subscribers of the MDM are told of the change once (UC-29)

    @cap:async
    Examples: four steps
      | mode                | exchange   |
      | with AsyncReplyFlag | four steps |

    Examples: synchronous
      | mode                   | exchange    |
      | without AsyncReplyFlag | synchronous |

  @usecase:MD-02 @pattern:P2
  @clause:2013:AnnexK @clause:2024:AnnexI @role:MDM @edition:2013 @edition:2024 @req:MD-PUB-5 @cap:md-publication
  Scenario: The MDM tells its subscribers nothing of a change it refused (UC-29)
    Given a meter created at the MDM
    When the CIS links the meter to a usage point unknown to the MDM at the MDM
    Then the MDM refuses the request with the Annex B code for "unknownUsagePoint"
    And the subscribers of the MDM are told of nothing (UC-29)
